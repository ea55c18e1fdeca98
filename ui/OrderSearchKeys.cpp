// SPDX-License-Identifier: GPL-3.0-or-later
#include "OrderSearchKeys.h"

#include <algorithm>
#include <cstring>

namespace o2c::ui {

namespace {
constexpr qsizetype blockBytes = 1 << 20;
constexpr char keySeparator = '\x1e'; // never typed: no match spans two keys
} // namespace

OrderSearchKeys::Ref OrderSearchKeys::write(qsizetype row, const QByteArray &key) {
    if (m_blocks.isEmpty() ||
        m_blocks.last().bytes.size() + key.size() + 1 > std::max(blockBytes, key.size() + 1)) {
        Block b;
        b.bytes.reserve(std::max(blockBytes, key.size() + 1));
        m_blocks.append(std::move(b));
    }
    Block &b = m_blocks.last();
    Ref ref{quint32(m_blocks.size() - 1), quint32(b.bytes.size()), quint32(key.size())};
    b.starts.append(ref.offset);
    b.rows.append(qint32(row));
    b.bytes.append(key);
    b.bytes.append(keySeparator);
    for (const char c : key)
        ++m_frequency[quint8(c)];
    m_live += key.size() + 1;
    return ref;
}

void OrderSearchKeys::append(const QByteArray &key) {
    m_refs.append(write(m_refs.size(), key));
}

void OrderSearchKeys::set(qsizetype row, const QByteArray &key) {
    const Ref old = m_refs.at(row);
    m_live -= old.length + 1;
    m_garbage += old.length + 1;
    m_refs[row] = write(row, key);
    if (m_garbage > m_live + 16 * blockBytes)
        pack();
}

void OrderSearchKeys::remove(qsizetype first, qsizetype count) {
    for (qsizetype r = first; r < first + count; ++r) {
        m_live -= m_refs.at(r).length + 1;
        m_garbage += m_refs.at(r).length + 1;
    }
    m_refs.remove(first, count);
    pack(); // the rows below moved: their keys are written again under their new numbers
}

std::string_view OrderSearchKeys::at(qsizetype row) const {
    const Ref &r = m_refs.at(row);
    return std::string_view(m_blocks.at(r.block).bytes.constData() + r.offset, r.length);
}

void OrderSearchKeys::pack() {
    QList<QByteArray> keys;
    keys.reserve(m_refs.size());
    for (qsizetype r = 0; r < m_refs.size(); ++r) {
        const std::string_view k = at(r);
        keys.append(QByteArray(k.data(), qsizetype(k.size())));
    }
    m_blocks.clear();
    m_refs.clear();
    m_frequency.fill(0);
    m_live = m_garbage = 0;
    for (const QByteArray &k : std::as_const(keys))
        append(k);
}

void OrderSearchKeys::match(std::string_view needle, std::vector<char> &hit) const {
    hit.assign(size_t(m_refs.size()), 0);
    if (needle.empty()) {
        std::fill(hit.begin(), hit.end(), 1);
        return;
    }
    // Look for the needle's rarest byte with memchr (a handful of candidates instead of one at
    // every common letter), then compare the whole needle around it.
    size_t lead = 0;
    for (size_t i = 1; i < needle.size(); ++i)
        if (m_frequency[quint8(needle[i])] < m_frequency[quint8(needle[lead])])
            lead = i;
    const char leadByte = needle[lead];
    for (qsizetype b = 0; b < m_blocks.size(); ++b) {
        const Block &block = m_blocks.at(b);
        const char *begin = block.bytes.constData();
        const char *end = begin + block.bytes.size();
        const char *p = begin + lead;
        while (p < end) {
            p = static_cast<const char *>(std::memchr(p, leadByte, size_t(end - p)));
            if (!p)
                break;
            const char *start = p - lead;
            if (size_t(end - start) < needle.size() ||
                std::memcmp(start, needle.data(), needle.size()) != 0) {
                ++p;
                continue;
            }
            // The key this hit lies in, and whether that key is still the row's.
            const quint32 pos = quint32(start - begin);
            const auto next = std::upper_bound(block.starts.cbegin(), block.starts.cend(), pos);
            const qsizetype entry = (next - block.starts.cbegin()) - 1;
            const qint32 row = block.rows.at(entry);
            if (row >= 0 && row < m_refs.size()) {
                const Ref &ref = m_refs.at(row);
                if (ref.block == quint32(b) && ref.offset == block.starts.at(entry))
                    hit[size_t(row)] = 1;
            }
            // On to the next key: one hit per key is enough.
            p = (next == block.starts.cend() ? end : begin + *next) + lead;
        }
    }
}

} // namespace o2c::ui
