/* Linux user space on the target (run under QEMU user mode). */
#include "../eb_os.h"
#include "hosted.h"

void eb_os_stack_paint(void)
{
    eb_hosted_paint();
}

size_t eb_os_stack_peak(void)
{
    return eb_hosted_peak();
}

unsigned eb_os_repeats(void)
{
    return 1;
}

uint64_t eb_os_now_ns(void)
{
    return 0;
}
