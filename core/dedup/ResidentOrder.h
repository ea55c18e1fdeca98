// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "order/Channel.h"

#include <QStringView>

#include <array>
#include <cstddef>
#include <limits>
#include <memory>

namespace o2c {

// One product of an order with its quantity summed over the order's lines.
struct ProductQty {
    quint32 sku; // interned SKU
    float qty;
};

enum IndexKind : quint8 { ByReference, ByProducts, ByEdi, ByPayload, IndexCount };

// One order as the duplicate engine keeps it: 128 bytes (two cache lines) plus one small heap
// block holding its id, raw reference, typed name and products. Strings that repeat across orders
// are interned. The first cache line holds what walking the two busy block chains (reference,
// products) reads and everything scoring needs to reject a pair, so that passing over an order
// outside the time window, or one that cannot reach the suspect threshold, costs one memory
// access; the second line and the heap block are read only for a pair worth scoring in full, or
// when the order's neighbours in a chain change.
//
// Every block chain is doubly linked (next: the order that shared the key before this one,
// prev: the one that came after it), so that an order leaves its chains in constant time
// wherever it sits: expiry takes the oldest orders, at the far end of chains that can hold
// 10^5 orders of one big customer or product, and an update or deletion takes any order.
struct alignas(64) ResidentOrder {
    static constexpr qint64 unknownTime = std::numeric_limits<qint64>::min();
    static constexpr quint32 none = 0xffffffffu;
    enum Present : quint8 { HasProducts = 1, HasEdi = 2, HasPayload = 4 };

    qint64 created = unknownTime;                // seconds since the epoch, UTC
    std::array<quint32, 2> busyNext{none, none}; // chains of ByReference and ByProducts
    quint64 refHash = 0;                         // normalized customer reference, 0 when empty
    qint64 partnerId = 0;
    float amount = 0;
    // Interned strings, 0 = none. vat/gln/name hold normalized keys (the name as typed is in the
    // blob).
    quint32 vat = 0, gln = 0, name = 0;
    quint32 shipTo = 0, currency = 0;
    Channel channel = Channel::Unknown;
    quint8 present = 0; // Present bits: which of the second line's hashes are set
    bool hasDistinctMark = false;
    quint32 serial = 0; // order of arrival, 0 for a free slot
    // second cache line
    quint64 productsHash = 0;                    // the set of SKUs, 0 when none
    quint64 ediHash = 0;                         // sender and control numbers, 0 when none
    quint64 payloadHash = 0;                     // 0 when unknown
    quint32 *blob = nullptr;                     // owned by the engine's BlobStore; null: free
    std::array<quint32, 2> rareNext{none, none}; // chains of ByEdi and ByPayload
    std::array<quint32, 4> prevLink{none, none, none, none}; // of every chain; none at the head
    quint32 anchor = 0; // customer node the order is indexed under
    quint32 cluster = none;

    // The chain of one block index that continues after this order (older orders).
    quint32 &next(int kind) {
        return kind < 2 ? busyNext[size_t(kind)] : rareNext[size_t(kind - 2)];
    }
    quint32 next(int kind) const {
        return kind < 2 ? busyNext[size_t(kind)] : rareNext[size_t(kind - 2)];
    }
    // The order before this one in the chain of one block index (newer), none at the head.
    quint32 &prev(int kind) { return prevLink[size_t(kind)]; }
    quint32 prev(int kind) const { return prevLink[size_t(kind)]; }
    bool has(Present p) const { return present & p; }
    bool live() const { return blob != nullptr; }

    // blob layout (32-bit words): [products | rawLines << 16] [idLen | refLen << 16] [rawName]
    // then the products sorted by SKU, then id and raw reference as UTF-16.
    static constexpr size_t headerWords = 3;
    quint32 productCount() const { return blob[0] & 0xffff; }
    quint32 rawLineCount() const { return blob[0] >> 16; }
    quint32 rawName() const { return blob[2]; } // interned customer name as typed
    const ProductQty *products() const {
        return reinterpret_cast<const ProductQty *>(blob + headerWords);
    }
    QStringView id() const { return text(false); }
    QStringView rawRef() const { return text(true); }
    size_t blobWords() const {
        return headerWords + 2 * productCount() + ((blob[1] & 0xffff) + (blob[1] >> 16) + 1) / 2;
    }

private:
    QStringView text(bool ref) const {
        const quint32 idLen = blob[1] & 0xffff, refLen = blob[1] >> 16;
        const auto *chars =
            reinterpret_cast<const char16_t *>(blob + headerWords + 2 * productCount());
        return ref ? QStringView(chars + idLen, qsizetype(refLen))
                   : QStringView(chars, qsizetype(idLen));
    }
};
static_assert(sizeof(ResidentOrder) == 128, "two cache lines per resident order");
static_assert(offsetof(ResidentOrder, productsHash) == 64,
              "what rejecting a pair reads fits the first line");

} // namespace o2c
