// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "platform/Platform.h"

#include <cstddef>
#include <new>

namespace o2c {

// Memory for the duplicate engine's large tables (resident orders, blocking indexes, order
// blocks). A block of 2 MiB or more is aligned to 2 MiB and, where the system offers it (Linux
// transparent huge pages in "madvise" mode), asked to be backed by huge pages: a million
// resident orders are read at random, and with 4 KiB pages nearly every such read also misses
// the TLB. Elsewhere, or when refused, it is ordinary memory.
namespace largepages {
inline constexpr std::size_t hugePage = std::size_t(2) << 20;

inline std::size_t alignmentFor(std::size_t bytes, std::size_t align) {
    return bytes >= hugePage
               ? hugePage
               : (align > alignof(std::max_align_t) ? align : alignof(std::max_align_t));
}
inline void *allocate(std::size_t bytes, std::size_t align) {
    void *p = ::operator new(bytes, std::align_val_t(alignmentFor(bytes, align)));
    if (bytes >= hugePage)
        platform::adviseHugePages(p, bytes);
    return p;
}
inline void release(void *p, std::size_t bytes, std::size_t align) {
    ::operator delete(p, std::align_val_t(alignmentFor(bytes, align)));
}
} // namespace largepages

template<typename T> struct LargePageAllocator {
    using value_type = T;
    LargePageAllocator() = default;
    template<typename U> LargePageAllocator(const LargePageAllocator<U> &) {}
    T *allocate(std::size_t n) {
        return static_cast<T *>(largepages::allocate(n * sizeof(T), alignof(T)));
    }
    void deallocate(T *p, std::size_t n) { largepages::release(p, n * sizeof(T), alignof(T)); }
    template<typename U>
    friend bool operator==(const LargePageAllocator &, const LargePageAllocator<U> &) {
        return true;
    }
};

} // namespace o2c
