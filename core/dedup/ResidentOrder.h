// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "order/Channel.h"

#include <QStringView>

#include <array>
#include <limits>
#include <memory>

namespace o2c {

// One product of an order with its quantity summed over the order's lines.
struct ProductQty {
    quint32 sku; // interned SKU
    float qty;
};

enum IndexKind : quint8 { ByReference, ByProducts, ByEdi, ByPayload, IndexCount };

// One order as the duplicate engine keeps it: about 120 bytes plus one small heap block holding
// its id, raw reference and products. Strings that repeat across orders are interned.
struct ResidentOrder {
    static constexpr qint64 unknownTime = std::numeric_limits<qint64>::min();
    static constexpr quint32 none = 0xffffffffu;

    qint64 created = unknownTime; // seconds since the epoch, UTC
    qint64 partnerId = 0;
    quint64 refHash = 0;      // normalized customer reference, 0 when empty
    quint64 ediHash = 0;      // sender and control numbers, 0 when none
    quint64 payloadHash = 0;  // 0 when unknown
    quint64 contentHash = 0;  // everything matching reads: detects real changes
    quint64 productsHash = 0; // the set of SKUs, 0 when none
    std::unique_ptr<quint32[]> blob;
    float amount = 0;
    quint32 anchor = 0; // customer node the order is indexed under
    // Interned strings, 0 = none. vat/gln/name hold normalized keys, rawName the name as typed.
    quint32 vat = 0, gln = 0, name = 0, rawName = 0, shipTo = 0, currency = 0;
    std::array<quint32, IndexCount> next{none, none, none, none}; // chains of the block indexes
    quint32 cluster = none;
    quint32 serial = 0;
    Channel channel = Channel::Unknown;
    bool live = false;
    bool hasDistinctMark = false;

    // blob layout (32-bit words): [products | rawLines << 16] [idLen | refLen << 16]
    // then the products sorted by SKU, then id and raw reference as UTF-16.
    quint32 productCount() const { return blob[0] & 0xffff; }
    quint32 rawLineCount() const { return blob[0] >> 16; }
    const ProductQty *products() const {
        return reinterpret_cast<const ProductQty *>(blob.get() + 2);
    }
    QStringView id() const { return text(false); }
    QStringView rawRef() const { return text(true); }
    size_t blobWords() const {
        return 2 + 2 * productCount() + ((blob[1] & 0xffff) + (blob[1] >> 16) + 1) / 2;
    }

private:
    QStringView text(bool ref) const {
        const quint32 idLen = blob[1] & 0xffff, refLen = blob[1] >> 16;
        const auto *chars = reinterpret_cast<const char16_t *>(blob.get() + 2 + 2 * productCount());
        return ref ? QStringView(chars + idLen, qsizetype(refLen))
                   : QStringView(chars, qsizetype(idLen));
    }
};

} // namespace o2c
