// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>

#include <array>
#include <cstring>
#include <string_view>
#include <vector>

namespace o2c::ui {

// Calls f(i) for each i in [first, last) with bytes[i] != 0, eight bytes at a time past the zeros
// (a search's hits, one byte per row, are mostly zeros).
template<typename F>
void forEachSet(const char *bytes, qsizetype first, qsizetype last, const F &f) {
    qsizetype i = first;
    for (; i < last && (i & 7); ++i)
        if (bytes[i])
            f(i);
    for (; i + 8 <= last; i += 8) {
        quint64 word;
        std::memcpy(&word, bytes + i, sizeof word);
        if (!word)
            continue;
        for (qsizetype k = i; k < i + 8; ++k)
            if (bytes[k])
                f(k);
    }
    for (; i < last; ++i)
        if (bytes[i])
            f(i);
}

// The order list's search text, one case-folded UTF-8 key per row, packed into large blocks so a
// filter is one byte search over contiguous memory instead of a million small strings. Copies are
// cheap (implicitly shared blocks): a worker thread searches a copy while the rows change.
// A changed key is appended and the old bytes become garbage; when garbage outweighs what is live,
// the blocks are packed again.
class OrderSearchKeys {
public:
    // A query prepared for the keys it searches: the search looks for two of its rarest bytes at
    // once (16 positions a step where SSE2 is there), then compares the whole query.
    class Query {
    public:
        Query() = default;
        Query(const OrderSearchKeys &keys, std::string_view needle);
        bool isEmpty() const { return m_needle.empty(); }
        std::string_view needle() const { return m_needle; }
        // One letter or digit: a row's signature alone says whether its key holds it.
        bool signatureDecides() const { return m_decides; }
        // The first place in [begin, end) where the query starts, or null.
        const char *findIn(const char *begin, const char *end) const;

    private:
        friend class OrderSearchKeys;
        std::string_view m_needle;
        size_t m_first = 0, m_second = 0; // positions of the two leading bytes
        quint64 m_signature = 0;          // the bytes a key must hold
        bool m_decides = false;
        bool m_impossible = false; // holds the separator between keys: matches none
    };

    qsizetype size() const { return m_refs.size(); }
    void reserve(qsizetype rows) {
        m_refs.reserve(rows);
        m_signatures.reserve(rows);
    }
    void append(const QByteArray &key);
    void set(qsizetype row, const QByteArray &key);
    void remove(qsizetype first, qsizetype count);
    std::string_view at(qsizetype row) const;
    bool contains(qsizetype row, const Query &query) const;
    // Which bytes the row's key holds: one bit for each letter a-z and digit, exactly, and 28 more
    // bits each shared by several other bytes. A key lacking a bit of the query cannot match.
    quint64 signature(qsizetype row) const { return m_signatures.at(row); }

    // The keys lie in blocks of about 1 MB; a search can be split across threads by block.
    qsizetype blockCount() const { return m_blocks.size(); }
    // Sets hit[row] = 1 for each row whose key is in `block` and contains the query (hit has
    // size() entries). Only a row's current key marks it, so threads searching different blocks
    // never write the same entry.
    // Returns how many it set.
    qsizetype matchBlock(qsizetype block, const Query &query, char *hit) const;
    // Sets hit[row] = 1 for each row in [first, last) whose key contains the query, testing only
    // the rows with candidate[row] set (all when candidate is null); key by key, after the
    // signature.
    // Returns how many it set.
    qsizetype matchRows(qsizetype first, qsizetype last, const Query &query, char *hit,
                        const char *candidate = nullptr) const;
    // All blocks on the calling thread: hit is sized to size(), 1 where the key contains `needle`.
    void match(std::string_view needle, std::vector<char> &hit) const;

private:
    struct Ref {
        quint32 block = 0;
        quint32 offset = 0;
        quint32 length = 0;
    };
    struct Block {
        QByteArray bytes;      // keys one after the other, each followed by a separator
        QList<quint32> starts; // where each key starts, ascending
        QList<qint32> rows;    // the row each key was written for
    };
    Ref write(qsizetype row, const QByteArray &key);
    void pack();

    std::array<quint32, 256> m_frequency{}; // of each byte in the keys written: the rarest lead
    QList<Block> m_blocks;
    QList<Ref> m_refs;
    QList<quint64> m_signatures; // parallel to m_refs
    qint64 m_live = 0, m_garbage = 0;
};

} // namespace o2c::ui
