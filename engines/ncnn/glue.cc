/*
 * ncnn behind the harness protocol. The model's .param text and .bin weights are compiled into the
 * image (eb_ncnn_model.c) and loaded from memory, where ncnn keeps the float32 weights in place
 * instead of copying them to the heap. Blobs are ncnn Mats whose channels start 16-byte aligned, so
 * the input is copied in channel by channel and each output flattened out.
 */
#include <string.h>

#include "net.h"

extern "C" {
#include "eb_engine.h"
#include "eb_ncnn_model.h"
}

/* Errors are offset so they cannot be mistaken for the harness's own codes. */
#define EB_NCNN_ERROR(step) (100 + (step))

static ncnn::Net *net;
static float input[EB_NCNN_IN_W * EB_NCNN_IN_H * EB_NCNN_IN_C];
static ncnn::Mat outputs[EB_NCNN_OUTPUTS];

int eb_engine_init(void)
{
    net = new ncnn::Net();
    net->opt.num_threads = EB_NCNN_THREADS;
    net->opt.use_fp16_storage = EB_NCNN_FP16;
    net->opt.use_fp16_packed = EB_NCNN_FP16;
    net->opt.use_fp16_arithmetic = EB_NCNN_FP16;
    if (net->load_param_mem(reinterpret_cast<const char *>(eb_ncnn_param)) != 0)
        return EB_NCNN_ERROR(1);
    if ((size_t)net->load_model(eb_ncnn_bin) != eb_ncnn_bin_size)
        return EB_NCNN_ERROR(2);
    return 0;
}

void *eb_engine_input(size_t *bytes)
{
    *bytes = sizeof input;
    return input;
}

int eb_engine_invoke(void)
{
    ncnn::Mat in;
    if (EB_NCNN_IN_DIMS == 1)
        in.create(EB_NCNN_IN_W);
    else if (EB_NCNN_IN_DIMS == 2)
        in.create(EB_NCNN_IN_W, EB_NCNN_IN_H);
    else
        in.create(EB_NCNN_IN_W, EB_NCNN_IN_H, EB_NCNN_IN_C);
    if (in.empty())
        return EB_NCNN_ERROR(3);
    const size_t plane = (size_t)EB_NCNN_IN_W * EB_NCNN_IN_H;
    for (int q = 0; q < EB_NCNN_IN_C; q++)
        memcpy(in.channel(q), input + q * plane, plane * sizeof(float));
    ncnn::Extractor ex = net->create_extractor();
    if (ex.input(EB_NCNN_IN_NAME, in) != 0)
        return EB_NCNN_ERROR(4);
    for (size_t i = 0; i < EB_NCNN_OUTPUTS; i++) {
        ncnn::Mat out;
        if (ex.extract(eb_ncnn_output_names[i], out) != 0)
            return EB_NCNN_ERROR(5);
        outputs[i] = out.reshape(out.w * out.h * out.d * out.c); /* one row, without channel padding */
        if (outputs[i].empty())
            return EB_NCNN_ERROR(6);
    }
    return 0;
}

size_t eb_engine_output_count(void)
{
    return EB_NCNN_OUTPUTS;
}

const void *eb_engine_output(size_t index, size_t *bytes)
{
    *bytes = (size_t)outputs[index].w * outputs[index].elemsize;
    return outputs[index].data;
}
