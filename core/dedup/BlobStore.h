// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "LargePages.h"

#include <QtGlobal>

#include <array>
#include <cstring>
#include <memory>
#include <vector>

namespace o2c {

// Storage for the small variable-size blocks of resident orders (id, reference, products): carved
// from 2 MiB chunks (huge pages where offered), with a free list per size, so that a million
// orders cost neither a million heap calls nor a heap header each. Blocks larger than the pooled
// sizes go to the heap.
class BlobStore final {
public:
    BlobStore() = default;
    BlobStore(const BlobStore &) = delete;
    BlobStore &operator=(const BlobStore &) = delete;
    ~BlobStore() = default;

    quint32 *allocate(size_t words) {
        if (words > maxPooled)
            return new quint32[words];
        words = std::max<size_t>(words, minWords);
        if (quint32 *p = m_free[words]) {
            std::memcpy(&m_free[words], p, sizeof(quint32 *));
            return p;
        }
        if (m_used + words > chunkWords) {
            // Not zeroed: every block is written in full before it is read.
            m_chunks.push_back(Chunk(static_cast<quint32 *>(
                largepages::allocate(chunkWords * sizeof(quint32), alignof(quint32)))));
            m_used = 0;
        }
        quint32 *p = m_chunks.back().get() + m_used;
        m_used += words;
        return p;
    }

    void release(quint32 *p, size_t words) {
        if (!p)
            return;
        if (words > maxPooled) {
            delete[] p;
            return;
        }
        words = std::max<size_t>(words, minWords);
        std::memcpy(p, &m_free[words], sizeof(quint32 *)); // the block links to the next free one
        m_free[words] = p;
    }

    size_t bytes() const { return m_chunks.size() * chunkWords * sizeof(quint32); }

private:
    // One huge page per chunk.
    static constexpr size_t chunkWords = largepages::hugePage / sizeof(quint32);
    static constexpr size_t maxPooled = 256;
    static constexpr size_t minWords = 2; // a free block holds the link to the next one
    static_assert(sizeof(quint32 *) <= minWords * sizeof(quint32));

    struct FreeChunk {
        void operator()(quint32 *p) const {
            largepages::release(p, chunkWords * sizeof(quint32), alignof(quint32));
        }
    };
    using Chunk = std::unique_ptr<quint32[], FreeChunk>;
    std::vector<Chunk> m_chunks;
    size_t m_used = chunkWords;
    std::array<quint32 *, maxPooled + 1> m_free{};
};

} // namespace o2c
