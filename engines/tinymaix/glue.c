/*
 * TinyMaix behind the harness protocol. tm_load() mallocs the activation
 * buffer (so the harness's heap counter sees it as runtime RAM) and places
 * the input at its start; every layer runs in that buffer, so the harness
 * refills the input before each inference.
 */
#include "eb_engine.h"
#include "eb_tm_model.h"
#include "tinymaix.h"

/* Errors are offset so they cannot be mistaken for the harness's own codes. */
#define EB_TM_ERROR(e) (100 + (int)(e))

static tm_mdl_t model;
static tm_mat_t input;
static tm_mat_t outputs[1];

static size_t elements(const tm_mat_t *mat)
{
    return (size_t)mat->h * mat->w * mat->c;
}

int eb_engine_init(void)
{
    tm_err_t err = tm_load(&model, eb_tm_model, NULL, NULL, &input);
    return err == TM_OK ? 0 : EB_TM_ERROR(err);
}

void *eb_engine_input(size_t *bytes)
{
    *bytes = elements(&input) * sizeof(mtype_t);
    return input.data;
}

int eb_engine_invoke(void)
{
    tm_err_t err = tm_run(&model, &input, outputs);
    return err == TM_OK ? 0 : EB_TM_ERROR(err);
}

size_t eb_engine_output_count(void)
{
    return 1;
}

/* The model is converted with output dequantisation on, so the output is
 * float for every model type. */
const void *eb_engine_output(size_t index, size_t *bytes)
{
    (void)index;
    *bytes = elements(&outputs[0]) * sizeof(float);
    return outputs[0].dataf;
}
