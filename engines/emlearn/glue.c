/*
 * emlearn behind the harness protocol. The converter generates model.c with
 * eb_emlearn_predict_proba() for the estimator family at hand (trees take
 * int16 features, networks float), so this glue serves every emlearn model.
 */
#include "eb_engine.h"
#include "model_config.h"

static eb_feature_t features[EB_MODEL_FEATURES];
static float proba[EB_MODEL_CLASSES];

int eb_engine_init(void)
{
    return 0;
}

void *eb_engine_input(size_t *bytes)
{
    *bytes = sizeof features;
    return features;
}

int eb_engine_invoke(void)
{
    return eb_emlearn_predict_proba(features, proba);
}

size_t eb_engine_output_count(void)
{
    return 1;
}

const void *eb_engine_output(size_t index, size_t *bytes)
{
    (void)index;
    *bytes = sizeof proba;
    return proba;
}
