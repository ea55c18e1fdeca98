// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "LargePages.h"

#include <QtGlobal>

#include <vector>

namespace o2c {

// A compact hash table from 64-bit keys to 32-bit values (open addressing, linear probing,
// backward-shift deletion): about 17 bytes per key at the usual load, which keeps the duplicate
// engine's blocking indexes small at a million resident orders. Key 0 is reserved and mapped to 1.
class BlockIndex final {
public:
    static constexpr quint32 none = 0xffffffffu;

    quint32 value(quint64 key) const {
        if (m_slots.empty())
            return none;
        key = fix(key);
        for (size_t i = slotOf(key);; i = (i + 1) & m_mask) {
            const quint64 k = m_slots[i].key();
            if (k == key)
                return m_slots[i].value;
            if (k == 0)
                return none;
        }
    }

    void set(quint64 key, quint32 v) {
        if ((m_size + 1) * 10 > m_slots.size() * 7)
            grow();
        key = fix(key);
        for (size_t i = slotOf(key);; i = (i + 1) & m_mask) {
            Slot &s = m_slots[i];
            const quint64 k = s.key();
            if (k == key) {
                s.value = v;
                return;
            }
            if (k == 0) {
                s.setKey(key);
                s.value = v;
                ++m_size;
                return;
            }
        }
    }

    // Maps `key` to `v` and returns the value it had (none when absent): one probe where
    // value() then set() would take two.
    quint32 exchange(quint64 key, quint32 v) {
        if ((m_size + 1) * 10 > m_slots.size() * 7)
            grow();
        key = fix(key);
        for (size_t i = slotOf(key);; i = (i + 1) & m_mask) {
            Slot &s = m_slots[i];
            const quint64 k = s.key();
            if (k == key) {
                const quint32 old = s.value;
                s.value = v;
                return old;
            }
            if (k == 0) {
                s.setKey(key);
                s.value = v;
                ++m_size;
                return none;
            }
        }
    }

    // Maps `key` to `v` unless it is mapped already; returns the value it keeps.
    quint32 insert(quint64 key, quint32 v) {
        if ((m_size + 1) * 10 > m_slots.size() * 7)
            grow();
        key = fix(key);
        for (size_t i = slotOf(key);; i = (i + 1) & m_mask) {
            Slot &s = m_slots[i];
            const quint64 k = s.key();
            if (k == key)
                return s.value;
            if (k == 0) {
                s.setKey(key);
                s.value = v;
                ++m_size;
                return v;
            }
        }
    }

    void erase(quint64 key) {
        if (m_slots.empty())
            return;
        key = fix(key);
        size_t i = slotOf(key);
        while (m_slots[i].key() != key) {
            if (m_slots[i].key() == 0)
                return;
            i = (i + 1) & m_mask;
        }
        // Shift later members of the probe run back so that lookups never stop at a hole early.
        for (size_t j = (i + 1) & m_mask; m_slots[j].key() != 0; j = (j + 1) & m_mask) {
            const size_t home = slotOf(m_slots[j].key());
            const bool movable = (j > i) ? (home <= i || home > j) : (home <= i && home > j);
            if (movable) {
                m_slots[i] = m_slots[j];
                i = j;
            }
        }
        m_slots[i] = Slot{};
        --m_size;
    }

    // Starts loading the slot of `key` into the cache; a hint only.
    void prefetch(quint64 key) const {
#if defined(__GNUC__) || defined(__clang__)
        if (!m_slots.empty())
            __builtin_prefetch(&m_slots[slotOf(fix(key))]);
#else
        Q_UNUSED(key);
#endif
    }

    // Reads the slot where a probe for `key` starts and returns part of it: a load that does
    // not branch on its result, for warming the cache ahead of many lookups at once.
    quint32 touch(quint64 key) const {
        return m_slots.empty() ? 0 : m_slots[slotOf(fix(key))].lo;
    }

    // Calls f(key, value) for every key held, in no particular order.
    template<typename F> void forEach(F &&f) const {
        for (const Slot &s : m_slots)
            if (s.key() != 0)
                f(s.key(), s.value);
    }

    // Sizes the table for `n` keys at once, so that a bulk load does not rehash on the way.
    void reserve(size_t n) {
        size_t cap = 1024;
        while (n * 10 > cap * 7)
            cap *= 2;
        if (cap > m_slots.size())
            rehash(cap);
    }

    size_t size() const {
        return m_size;
    }
    size_t bytes() const {
        return m_slots.capacity() * sizeof(Slot);
    }
    void clear() {
        m_slots.clear();
        m_size = 0;
        m_mask = 0;
    }

private:
    // Key and value side by side (12 bytes, no padding): a lookup touches one cache line.
    struct Slot {
        quint32 lo = 0, hi = 0;
        quint32 value = none;
        quint64 key() const { return quint64(hi) << 32 | lo; }
        void setKey(quint64 k) {
            lo = quint32(k);
            hi = quint32(k >> 32);
        }
    };
    static_assert(sizeof(Slot) == 12);

    static quint64 fix(quint64 k) {
        return k ? k : 1;
    }
    size_t slotOf(quint64 k) const {
        return size_t((k ^ (k >> 29)) * 0x9E3779B97F4A7C15ull >> 11) & m_mask;
    }

    void grow() {
        rehash(m_slots.empty() ? 1024 : m_slots.size() * 2);
    }

    void rehash(size_t cap) {
        std::vector<Slot, LargePageAllocator<Slot>> old;
        old.swap(m_slots);
        m_slots.assign(cap, Slot{});
        m_mask = cap - 1;
        m_size = 0;
        for (const Slot &s : old)
            if (s.key() != 0)
                set(s.key(), s.value);
    }

    std::vector<Slot, LargePageAllocator<Slot>> m_slots;
    size_t m_mask = 0;
    size_t m_size = 0;
};

} // namespace o2c
