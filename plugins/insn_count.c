/*
 * edgebench instruction counter: a QEMU TCG plugin.
 *
 * Counts guest instructions for the whole run and for every region the
 * harness delimits with eb_region_begin()/eb_region_end(). Arguments:
 *   begin=<hex addr>,end=<hex addr>,out=<file>[,mix=<file>]
 * The counts are written to `out` as lines "region <n>" (one per region, in
 * order) and a final "total <n>", so a run that faults still leaves the
 * regions it finished.
 *
 * With mix=, the instruction mix of the regions: at exit, every translation
 * block that ran inside a region, as "tb <runs> <n>" followed by its n
 * instructions' disassembly, one per line. Classifying the text is left to
 * edgebench (insn_mix.py), where the rules per instruction set are data and
 * tested; here it costs one disassembly per translated instruction.
 *
 * Counting is per translation block: a TB always runs to its end here (the
 * harness takes no interrupts), so adding its length on entry is exact and
 * the count is identical from run to run. Callbacks rather than inline ops
 * keep us on API calls that every plugin API version since 1 provides.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemu_plugin_api.h"

EB_PLUGIN_EXPORT int qemu_plugin_version = 1;

struct tb_record {
    size_t n_insns;
    uint64_t runs;          /* executions inside a region */
    char **disas;           /* with mix= only */
    struct tb_record *next;
};

static uint64_t insns;
static uint64_t region_start;
static int in_region;
static uint64_t begin_addr, end_addr;
static FILE *out;
static FILE *mix;
static struct tb_record *records;

static void on_tb(unsigned int vcpu, void *data)
{
    struct tb_record *tb = data;
    (void)vcpu;
    /* atomic: a guest's threads run on host threads of their own in user mode (ncnn's OpenMP
     * workers), and the count is the work of them all */
    __atomic_fetch_add(&insns, tb->n_insns, __ATOMIC_RELAXED);
    if (in_region)
        __atomic_fetch_add(&tb->runs, 1, __ATOMIC_RELAXED);
}

static void on_begin(unsigned int vcpu, void *unused)
{
    (void)vcpu;
    (void)unused;
    region_start = insns;
    in_region = 1;
}

static void on_end(unsigned int vcpu, void *unused)
{
    (void)vcpu;
    (void)unused;
    in_region = 0;
    fprintf(out, "region %" PRIu64 "\n", insns - region_start);
    fflush(out);
}

static struct tb_record *record_tb(struct qemu_plugin_tb *tb)
{
    struct tb_record *rec = calloc(1, sizeof *rec);
    if (rec == NULL)
        abort();
    rec->n_insns = qemu_plugin_tb_n_insns(tb);
    if (mix != NULL) {
        rec->disas = calloc(rec->n_insns, sizeof *rec->disas);
        if (rec->disas == NULL)
            abort();
        for (size_t i = 0; i < rec->n_insns; i++)
            rec->disas[i] = qemu_plugin_insn_disas(qemu_plugin_tb_get_insn(tb, i));
    }
    rec->next = records;
    records = rec;
    return rec;
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    uint64_t pc = qemu_plugin_tb_vaddr(tb);
    (void)id;
    /* Markers are read before the TB's own instructions are added, so both
     * see the count at the same point of their (identical) bodies; the
     * begin marker's TB is inside its region, the end marker's is not. */
    if (pc == begin_addr)
        qemu_plugin_register_vcpu_tb_exec_cb(tb, on_begin, QEMU_PLUGIN_CB_NO_REGS, NULL);
    else if (pc == end_addr)
        qemu_plugin_register_vcpu_tb_exec_cb(tb, on_end, QEMU_PLUGIN_CB_NO_REGS, NULL);
    qemu_plugin_register_vcpu_tb_exec_cb(tb, on_tb, QEMU_PLUGIN_CB_NO_REGS, record_tb(tb));
}

static void write_mix(void)
{
    for (struct tb_record *rec = records; rec != NULL; rec = rec->next) {
        if (rec->runs == 0)
            continue;
        fprintf(mix, "tb %" PRIu64 " %zu\n", rec->runs, rec->n_insns);
        for (size_t i = 0; i < rec->n_insns; i++)
            fprintf(mix, "%s\n", rec->disas[i] ? rec->disas[i] : "?");
    }
    fprintf(mix, "end\n");
    fclose(mix);
}

static void on_qemu_exit(qemu_plugin_id_t id, void *unused)
{
    (void)id;
    (void)unused;
    fprintf(out, "total %" PRIu64 "\n", insns);
    fclose(out);
    if (mix != NULL)
        write_mix();
}

static int parse_arg(const char *arg)
{
    if (strncmp(arg, "begin=", 6) == 0)
        begin_addr = strtoull(arg + 6, NULL, 16);
    else if (strncmp(arg, "end=", 4) == 0)
        end_addr = strtoull(arg + 4, NULL, 16);
    else if (strncmp(arg, "out=", 4) == 0)
        out = fopen(arg + 4, "w");
    else if (strncmp(arg, "mix=", 4) == 0)
        mix = fopen(arg + 4, "w");
    else
        return -1;
    return 0;
}

EB_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                         int argc, char **argv)
{
    (void)info;
    for (int i = 0; i < argc; i++) {
        if (parse_arg(argv[i]) != 0) {
            fprintf(stderr, "insn_count: unknown argument '%s'\n", argv[i]);
            return -1;
        }
    }
    if (out == NULL || begin_addr == 0 || end_addr == 0) {
        fprintf(stderr, "insn_count: needs begin=, end= and a writable out=\n");
        return -1;
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
    qemu_plugin_register_atexit_cb(id, on_qemu_exit, NULL);
    return 0;
}
