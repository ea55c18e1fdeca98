// SPDX-License-Identifier: GPL-3.0-or-later
#include "OrderSearchKeys.h"

#include <algorithm>
#include <bit>
#include <cstring>

#if defined(__SSE2__) || defined(_M_X64) || defined(_M_AMD64)
#include <emmintrin.h>
#include <xmmintrin.h>
#endif

namespace o2c::ui {

namespace {
constexpr qsizetype blockBytes = 1 << 20;
constexpr char keySeparator = '\x1e'; // never typed: no match spans two keys

// The signature bit of a byte: letters and digits have one each, the other bytes share the rest.
constexpr int signatureBit(quint8 c) {
    if (c >= 'a' && c <= 'z')
        return c - 'a';
    if (c >= '0' && c <= '9')
        return 26 + (c - '0');
    return 36 + (c * 7 + (c >> 5)) % 28;
}
constexpr bool bitIsExact(quint8 c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
quint64 signatureOf(std::string_view bytes) {
    quint64 s = 0;
    for (const char c : bytes)
        s |= quint64(1) << signatureBit(quint8(c));
    return s;
}
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
    m_signatures.append(signatureOf(std::string_view(key.constData(), size_t(key.size()))));
}

void OrderSearchKeys::set(qsizetype row, const QByteArray &key) {
    const Ref old = m_refs.at(row);
    m_live -= old.length + 1;
    m_garbage += old.length + 1;
    m_refs[row] = write(row, key);
    m_signatures[row] = signatureOf(std::string_view(key.constData(), size_t(key.size())));
    if (m_garbage > m_live + 16 * blockBytes)
        pack();
}

void OrderSearchKeys::remove(qsizetype first, qsizetype count) {
    for (qsizetype r = first; r < first + count; ++r) {
        m_live -= m_refs.at(r).length + 1;
        m_garbage += m_refs.at(r).length + 1;
    }
    m_refs.remove(first, count);
    m_signatures.remove(first, count);
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
    m_signatures.clear();
    m_frequency.fill(0);
    m_live = m_garbage = 0;
    for (const QByteArray &k : std::as_const(keys))
        append(k);
}

OrderSearchKeys::Query::Query(const OrderSearchKeys &keys, std::string_view needle)
    : m_needle(needle) {
    if (needle.empty())
        return;
    m_signature = signatureOf(needle);
    m_impossible = needle.find(keySeparator) != std::string_view::npos;
    m_decides = needle.size() == 1 && bitIsExact(quint8(needle[0]));
    // The rarest byte of the query in the keys, then the rarest one at another position with
    // another value (a candidate must have both, which few places do).
    const auto frequency = [&](size_t i) { return keys.m_frequency[quint8(needle[i])]; };
    for (size_t i = 1; i < needle.size(); ++i)
        if (frequency(i) < frequency(m_first))
            m_first = i;
    m_second = m_first;
    for (size_t i = 0; i < needle.size(); ++i) {
        if (needle[i] == needle[m_first])
            continue;
        if (m_second == m_first || frequency(i) < frequency(m_second))
            m_second = i;
    }
}

const char *OrderSearchKeys::Query::findIn(const char *begin, const char *end) const {
    const size_t n = m_needle.size();
    if (n == 0)
        return begin;
    if (m_impossible || size_t(end - begin) < n)
        return nullptr;
    const char *const last = end - n; // the last place the query can start
    const char *p = begin;
    const char a = m_needle[m_first], b = m_needle[m_second];
#if defined(__SSE2__) || defined(_M_X64) || defined(_M_AMD64)
    // Sixteen starts a step: both leading bytes compared at once, the rest only where both fit.
    // The loads stay inside [begin, end): p + 15 <= last and both positions lie before n.
    const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b);
    for (; last - p >= 15; p += 16) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + m_first));
        const __m128i y = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + m_second));
        unsigned mask = unsigned(
            _mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(x, va), _mm_cmpeq_epi8(y, vb))));
        while (mask) {
            const char *at = p + std::countr_zero(mask);
            if (std::memcmp(at, m_needle.data(), n) == 0)
                return at;
            mask &= mask - 1;
        }
    }
#endif
    // The rest (and every place without SSE2): memchr for the rarest byte.
    for (const char *q = p + m_first; q <= last + m_first;) {
        q = static_cast<const char *>(std::memchr(q, a, size_t(last + m_first - q) + 1));
        if (!q)
            return nullptr;
        const char *at = q - m_first;
        if (at[m_second] == b && std::memcmp(at, m_needle.data(), n) == 0)
            return at;
        ++q;
    }
    return nullptr;
}

bool OrderSearchKeys::contains(qsizetype row, const Query &query) const {
    if ((m_signatures.at(row) & query.m_signature) != query.m_signature)
        return false;
    if (query.m_decides)
        return true;
    const std::string_view key = at(row);
    return query.findIn(key.data(), key.data() + key.size()) != nullptr;
}

qsizetype OrderSearchKeys::matchRows(qsizetype first, qsizetype last, const Query &query, char *hit,
                                     const char *candidate) const {
    const quint64 *const signatures = m_signatures.constData();
    const quint64 need = query.m_signature;
    if (query.m_impossible)
        return 0;
    qsizetype found = 0;
    if (query.m_decides && !candidate) {
        for (qsizetype r = first; r < last; ++r) {
            hit[r] = char((signatures[r] & need) != 0);
            found += hit[r];
        }
        return found;
    }
    // The rows to read, then their signatures, places and keys read with the next ones already on
    // their way from memory: for scattered rows each is a cache miss, and waiting for them one by
    // one is what such a search costs.
    constexpr size_t far = 16, near = 8;
    constexpr qsizetype slice = 4096;
    std::vector<qint32> rows;
    rows.reserve(size_t(std::min(last - first, slice)));
    const Ref *const refs = m_refs.constData();
    const auto keyOf = [&](qsizetype r) {
        const Ref &ref = refs[r];
        return std::pair(m_blocks.at(ref.block).bytes.constData() + ref.offset, ref.length);
    };
    for (qsizetype from = first; from < last; from += slice) {
        rows.clear();
        const qsizetype to = std::min(last, from + slice);
        if (candidate)
            forEachSet(candidate, from, to, [&](qsizetype r) { rows.push_back(qint32(r)); });
        else
            for (qsizetype r = from; r < to; ++r)
                if ((signatures[r] & need) == need)
                    rows.push_back(qint32(r));
        for (size_t i = 0; i < rows.size(); ++i) {
#if defined(__SSE2__) || defined(_M_X64) || defined(_M_AMD64)
            if (i + far < rows.size()) {
                _mm_prefetch(reinterpret_cast<const char *>(signatures + rows[i + far]),
                             _MM_HINT_T0);
                _mm_prefetch(reinterpret_cast<const char *>(refs + rows[i + far]), _MM_HINT_T0);
            }
            if (!query.m_decides && i + near < rows.size()) {
                const auto [key, length] = keyOf(rows[i + near]);
                _mm_prefetch(key, _MM_HINT_T0);
                _mm_prefetch(key + length, _MM_HINT_T0);
            }
#endif
            const qint32 r = rows[i];
            if ((signatures[r] & need) != need)
                continue;
            if (!query.m_decides) {
                const auto [key, length] = keyOf(r);
                if (!query.findIn(key, key + length))
                    continue;
            }
            hit[r] = 1;
            ++found;
        }
    }
    return found;
}

qsizetype OrderSearchKeys::matchBlock(qsizetype blockIndex, const Query &query, char *hit) const {
    qsizetype found = 0;
    const Block &block = m_blocks.at(blockIndex);
    const char *const begin = block.bytes.constData();
    const char *const end = begin + block.bytes.size();
    const quint32 *const starts = block.starts.constData();
    const qsizetype keys = block.starts.size();
    qsizetype entry = 0; // the key the search is in
    for (const char *p = begin; p < end;) {
        const char *at = query.findIn(p, end);
        if (!at)
            return found;
        // The key this hit lies in: hits only move forward, so gallop from the last one.
        const quint32 pos = quint32(at - begin);
        qsizetype step = 1;
        while (entry + step < keys && starts[entry + step] <= pos) {
            entry += step;
            step *= 2;
        }
        entry = (std::upper_bound(starts + entry, starts + std::min(keys, entry + step), pos) -
                 starts) -
                1;
        // Whether that key is still the row's (a changed row's old key stays until packed).
        const qint32 row = block.rows.at(entry);
        if (row >= 0 && row < m_refs.size()) {
            const Ref &ref = m_refs.at(row);
            if (ref.block == quint32(blockIndex) && ref.offset == starts[entry]) {
                hit[row] = 1;
                ++found;
            }
        }
        // On to the next key: one hit per key is enough.
        if (entry + 1 >= keys)
            return found;
        p = begin + starts[entry + 1];
    }
    return found;
}

void OrderSearchKeys::match(std::string_view needle, std::vector<char> &hit) const {
    hit.assign(size_t(m_refs.size()), 0);
    if (needle.empty()) {
        std::fill(hit.begin(), hit.end(), 1);
        return;
    }
    const Query query(*this, needle);
    for (qsizetype b = 0; b < m_blocks.size(); ++b)
        matchBlock(b, query, hit.data());
}

} // namespace o2c::ui
