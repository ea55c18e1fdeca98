// SPDX-License-Identifier: GPL-3.0-or-later
// The one platform-specific part of the duplicate engine: asking for huge pages.
#include "LargePages.h"

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace o2c::largepages {

void advise(void *p, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    // A hint: refused or unsupported leaves ordinary pages, which work the same.
    constexpr std::size_t page = 4096;
    (void)madvise(p, (bytes + page - 1) / page * page, MADV_HUGEPAGE);
#else
    (void)p;
    (void)bytes;
#endif
}

} // namespace o2c::largepages
