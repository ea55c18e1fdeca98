// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

#include <vector>

namespace o2c {

// A compact hash table from 64-bit keys to 32-bit values (open addressing, linear probing,
// backward-shift deletion): about 20 bytes per key, which keeps the duplicate engine's blocking
// indexes small at a million resident orders. Key 0 is reserved and mapped to 1.
class BlockIndex final {
public:
    static constexpr quint32 none = 0xffffffffu;

    quint32 value(quint64 key) const {
        if (m_keys.empty())
            return none;
        key = fix(key);
        for (size_t i = slotOf(key);; i = (i + 1) & m_mask) {
            if (m_keys[i] == key)
                return m_values[i];
            if (m_keys[i] == 0)
                return none;
        }
    }

    void set(quint64 key, quint32 v) {
        if ((m_size + 1) * 10 > m_keys.size() * 7)
            grow();
        key = fix(key);
        for (size_t i = slotOf(key);; i = (i + 1) & m_mask) {
            if (m_keys[i] == key) {
                m_values[i] = v;
                return;
            }
            if (m_keys[i] == 0) {
                m_keys[i] = key;
                m_values[i] = v;
                ++m_size;
                return;
            }
        }
    }

    void erase(quint64 key) {
        if (m_keys.empty())
            return;
        key = fix(key);
        size_t i = slotOf(key);
        while (m_keys[i] != key) {
            if (m_keys[i] == 0)
                return;
            i = (i + 1) & m_mask;
        }
        // Shift later members of the probe run back so that lookups never stop at a hole early.
        for (size_t j = (i + 1) & m_mask; m_keys[j] != 0; j = (j + 1) & m_mask) {
            const size_t home = slotOf(m_keys[j]);
            const bool movable = (j > i) ? (home <= i || home > j) : (home <= i && home > j);
            if (movable) {
                m_keys[i] = m_keys[j];
                m_values[i] = m_values[j];
                i = j;
            }
        }
        m_keys[i] = 0;
        --m_size;
    }

    size_t size() const { return m_size; }
    size_t bytes() const { return m_keys.capacity() * (sizeof(quint64) + sizeof(quint32)); }
    void clear() {
        m_keys.clear();
        m_values.clear();
        m_size = 0;
        m_mask = 0;
    }

private:
    static quint64 fix(quint64 k) { return k ? k : 1; }
    size_t slotOf(quint64 k) const {
        return size_t((k ^ (k >> 29)) * 0x9E3779B97F4A7C15ull >> 11) & m_mask;
    }

    void grow() {
        std::vector<quint64> keys;
        std::vector<quint32> values;
        keys.swap(m_keys);
        values.swap(m_values);
        const size_t cap = keys.empty() ? 1024 : keys.size() * 2;
        m_keys.assign(cap, 0);
        m_values.assign(cap, none);
        m_mask = cap - 1;
        m_size = 0;
        for (size_t i = 0; i < keys.size(); ++i)
            if (keys[i] != 0)
                set(keys[i], values[i]);
    }

    std::vector<quint64> m_keys;
    std::vector<quint32> m_values;
    size_t m_mask = 0;
    size_t m_size = 0;
};

} // namespace o2c
