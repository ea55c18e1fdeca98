// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>

#include <array>
#include <string_view>
#include <vector>

namespace o2c::ui {

// The order list's search text, one case-folded UTF-8 key per row, packed into large blocks so a
// filter is one byte search over contiguous memory instead of a million small strings. Copies are
// cheap (implicitly shared blocks): a worker thread searches a copy while the rows change.
// A changed key is appended and the old bytes become garbage; when garbage outweighs what is live,
// the blocks are packed again.
class OrderSearchKeys {
public:
    qsizetype size() const { return m_refs.size(); }
    void reserve(qsizetype rows) { m_refs.reserve(rows); }
    void append(const QByteArray &key);
    void set(qsizetype row, const QByteArray &key);
    void remove(qsizetype first, qsizetype count);
    std::string_view at(qsizetype row) const;

    // Marks (hit[row] = 1) the rows whose key contains `needle`; `hit` is sized to size().
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

    std::array<quint32, 256> m_frequency{}; // of each byte in the keys written: the rarest leads
    QList<Block> m_blocks;
    QList<Ref> m_refs;
    qint64 m_live = 0, m_garbage = 0;
};

} // namespace o2c::ui
