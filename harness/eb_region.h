#ifndef EB_REGION_H
#define EB_REGION_H

void eb_region_begin(void);
void eb_region_end(void);

#endif
