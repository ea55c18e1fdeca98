// SPDX-License-Identifier: GPL-3.0-or-later
#include "DuplicateEngine.h"

#include "BlobStore.h"
#include "BlockIndex.h"
#include "CustomerName.h"
#include "PairEvidence.h"
#include "ResidentOrder.h"
#include "order/CanonicalOrder.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <deque>
#include <limits>
#include <span>
#include <string_view>
#include <thread>
#include <vector>

namespace o2c {

namespace {

constexpr quint32 none = BlockIndex::none;

quint64 mix64(quint64 x) {
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBull;
    x ^= x >> 31;
    return x;
}

quint64 load64(const char *p) {
    quint64 v;
    std::memcpy(&v, p, sizeof v);
    return v;
}
quint32 load32(const char *p) {
    quint32 v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

// Stable across runs (qHash is seeded per process). Eight UTF-16 units per step, and the last
// part as two words that may overlap (every text of up to eight units is two loads): this runs
// for every string of every order, so it must be cheap.
quint64 hashText(QStringView s, quint64 seed = 0) {
    if (s.isEmpty())
        return 0;
    const char *p = reinterpret_cast<const char *>(s.utf16());
    size_t n = size_t(s.size()) * sizeof(char16_t); // even, at least 2
    quint64 h = 0xCBF29CE484222325ull ^ seed ^ (quint64(n) << 40);
    quint64 a = 0, b = 0;
    if (n > 16) {
        for (; n > 16; n -= 16, p += 16) {
            h = (h ^ load64(p)) * 0x9E3779B97F4A7C15ull;
            h = (h ^ (h >> 29) ^ load64(p + 8)) * 0xBF58476D1CE4E5B9ull;
        }
        // The last 2..16 bytes, as the 16 bytes that end the text (read again in part).
        a = load64(p + n - 16);
        b = load64(p + n - 8);
    } else if (n >= 8) {
        a = load64(p);
        b = load64(p + n - 8);
    } else if (n >= 4) {
        a = load32(p);
        b = load32(p + n - 4);
    } else {
        a = quint64(s.front().unicode());
    }
    h = (h ^ a) * 0x9E3779B97F4A7C15ull;
    h ^= h >> 29;
    return mix64(h ^ b) | 1;
}

quint64 combine(quint64 h, quint64 v) {
    return mix64(h ^ (v + 0x9E3779B97F4A7C15ull + (h << 6)));
}

// A cheaper step for hashes that only detect change; finished by one mix64.
quint64 fold(quint64 h, quint64 v) {
    h = (h ^ v) * 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 32);
}

// Equal texts; a shared copy (the usual case for a partner's fields) is told without reading it.
bool sameText(const QString &a, const QString &b) {
    return a.size() == b.size() && (a.constData() == b.constData() || a == b);
}

bool isAsciiAlnum(char16_t c) {
    return (c >= u'0' && c <= u'9') || (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z');
}

// hashText(CanonicalOrder::normalizeReference(ref)) without building the string: the same
// rules, applied in a buffer on the stack.
quint64 referenceHash(QStringView ref) {
    constexpr qsizetype cap = 64;
    if (ref.size() > cap)
        return hashText(CanonicalOrder::normalizeReference(ref));
    char16_t buf[cap];
    qsizetype n = 0;
    for (QChar c : ref) {
        const char16_t u = c.unicode();
        if (u < 0x80) {
            if (isAsciiAlnum(u))
                buf[n++] = (u >= u'a' && u <= u'z') ? char16_t(u - 32) : u;
        } else if (c.isHighSurrogate() || c.isLowSurrogate()) {
            return hashText(CanonicalOrder::normalizeReference(ref));
        } else if (c.isLetterOrNumber()) {
            buf[n++] = c.toUpper().unicode();
        }
    }
    QStringView v(buf, n);
    for (QStringView prefix :
         {QStringView(u"PURCHASEORDER"), QStringView(u"ORDER"), QStringView(u"PO")}) {
        if (v.size() > prefix.size() && std::equal(prefix.begin(), prefix.end(), v.begin(),
                                                   [](QChar x, QChar y) { return x == y; })) {
            v = v.mid(prefix.size());
            break;
        }
    }
    qsizetype zeros = 0;
    while (zeros < v.size() - 1 && v.at(zeros) == u'0')
        ++zeros;
    return hashText(v.mid(zeros));
}

} // namespace

namespace {

struct Edge {
    quint32 a, b;
    float score;
    ClusterKind kind;
};

// A cluster holds one kind of relation: duplicates, amendments or suspects. An order belongs to
// at most one cluster, so a weaker relation never drags an order into a duplicate cluster (its
// other members would otherwise be reported as duplicates of it).
struct ClusterRecord {
    quint32 number = 0; // 0: free
    ClusterKind kind = ClusterKind::Duplicate;
    std::vector<quint32> members;
    std::vector<Edge> edges;
};

// Cluster number -> index in the engine's cluster records: one probe of a flat table where a
// QHash would allocate a node per cluster (a scan of a million orders makes 120,000 clusters).
class ClusterNumbers {
public:
    quint32 value(quint32 number) const { return number ? m_index.value(key(number)) : none; }
    bool contains(quint32 number) const { return value(number) != none; }
    void insert(quint32 number, quint32 idx) { m_index.set(key(number), idx); }
    void remove(quint32 number) {
        if (number)
            m_index.erase(key(number));
    }
    size_t size() const { return m_index.size(); }
    size_t bytes() const { return m_index.bytes(); }

private:
    // Never 0 or 1, which BlockIndex reserves.
    static quint64 key(quint32 number) { return quint64(number) | quint64(1) << 32; }
    BlockIndex m_index;
};

struct DistinctDecision {
    quint64 versionA = 0, versionB = 0; // content hashes when marked; 0 = not seen yet
};

// "C-000017": at least six digits (listing every cluster formats one id each).
QString clusterIdOf(quint32 number) {
    char16_t digits[10];
    int n = 0;
    do {
        digits[n++] = char16_t(u'0' + number % 10);
        number /= 10;
    } while (number);
    const int width = std::max(n, 6);
    QString id(2 + width, Qt::Uninitialized);
    char16_t *out = reinterpret_cast<char16_t *>(id.data());
    out[0] = u'C';
    out[1] = u'-';
    for (int i = 0; i < width; ++i)
        out[2 + i] = i < width - n ? u'0' : digits[width - 1 - i];
    return id;
}

// Whether cluster id `a` sorts before `b` as text ("C-999999" < "C-1000000" as numbers, not as
// text): as the numbers while both have six digits or fewer, as the digits otherwise.
bool clusterIdLess(quint32 a, quint32 b) {
    constexpr quint32 sixDigits = 1000000;
    if (a < sixDigits && b < sixDigits)
        return a < b;
    const auto digits = [](quint32 n, char *out) {
        char rev[10];
        int k = 0;
        do {
            rev[k++] = char('0' + n % 10);
            n /= 10;
        } while (n);
        int len = 0;
        for (int pad = k; pad < 6; ++pad)
            out[len++] = '0';
        while (k)
            out[len++] = rev[--k];
        return std::string_view(out, size_t(len));
    };
    char x[12], y[12];
    return digits(a, x) < digits(b, y);
}

QString pairKey(QStringView a, QStringView b) {
    return a < b ? a.toString() + QChar(u'\n') + b : b.toString() + QChar(u'\n') + a;
}

// Interned strings: a text maps to a small id, the same one every time it recurs.
struct TextPool {
    BlockIndex index;                   // text hash -> id
    QHash<QString, quint32> collisions; // texts whose hash another text already holds
    QStringList text{QString()};        // id -> text; 0 is the empty text

    quint32 intern(QStringView s) {
        if (s.isEmpty())
            return 0;
        const quint64 h = hashText(s, 3);
        const quint32 id = index.value(h);
        if (id != none) {
            const QString &t = text.at(id);
            if (t.size() == s.size() &&
                std::memcmp(t.constData(), s.data(), size_t(s.size()) * sizeof(QChar)) == 0)
                return id;
            const auto it = collisions.constFind(s.toString());
            if (it != collisions.cend())
                return it.value();
        }
        const quint32 fresh = quint32(text.size());
        text.append(s.toString());
        if (id == none)
            index.set(h, fresh);
        else
            collisions.insert(text.constLast(), fresh);
        return fresh;
    }
    size_t bytes() const {
        size_t b = index.bytes();
        for (const QString &t : text)
            b += sizeof(QString) * 2 + size_t(t.capacity()) * 2 + 32;
        return b;
    }
};

// What of an order depends on nothing but the order: its hashes, its time and its products as a
// multiset (with SKUs interned in a pool of their own, which only preparing touches). A
// two-core scan prepares the next batch on a second thread while this one links and scores;
// one core prepares a batch, then adds it. Either way every order is prepared in input order,
// so both give the same SKU ids and the same clusters.
struct Prepared {
    quint64 id = 0, ref = 0, edi = 0, payload = 0;
    qint64 created = ResidentOrder::unknownTime;
    quint64 productsHash = 0; // the set of SKUs, 0 when none
    qint64 partner = 0;
    quint32 productsAt = 0, productCount = 0;
    bool open = false;
    // The order's keys in the indexes that are not per customer (0: none); the product set's
    // key depends on the customer node, known only when the order is added.
    quint64 refKey = 0, ediKey = 0, payloadKey = 0;
};
struct PreparedBatch {
    std::vector<Prepared> orders;
    std::vector<ProductQty> products;
    char16_t touched = 0; // keeps the loads of prepare()'s first pass
    void clear() {
        orders.clear();
        products.clear();
    }
};

} // namespace

struct DuplicateEngine::Private {
    DuplicateRules rules;
    // Interned strings (customer names, VAT, GLN, ship-to, currency; SKUs apart), bounded by
    // the catalog and the customer base, not by the number of orders.
    TextPool pool;
    const QStringList &poolText = pool.text;
    TextPool skus; // touched only by prepare()
    PairEvidence evidence;

    BlobStore blobs;
    std::vector<ResidentOrder, LargePageAllocator<ResidentOrder>> orders;
    std::vector<quint32> freeSlots;
    qsizetype liveCount = 0;
    quint32 nextSerial = 1;
    BlockIndex byId;                      // id hash -> slot
    QHash<QString, quint32> idCollisions; // ids whose hash another id already holds
    std::array<BlockIndex, IndexCount> blocks;

    // Customer identity: partner ids, VATs, GLNs and normalized names that occurred together
    // on one order are one customer (union-find). Orders are indexed under the customer's root
    // at the time they were added; lookups visit only the nodes that ever held orders (usually
    // one per customer), not every alias of it.
    QHash<qint64, quint32> partnerNode;
    QHash<quint32, quint32> keyNode; // pool id of a VAT/GLN/name -> node
    std::vector<quint32> parent{0};
    std::vector<quint32> setSize{1};
    std::vector<std::vector<quint32>> anchorsOf{{0}}; // root -> nodes orders are indexed under
    std::vector<bool> isAnchor{true};

    std::vector<ClusterRecord> clusters;
    std::vector<quint32> freeClusters;
    ClusterNumbers clusterByNumber;
    quint32 nextClusterNumber = 1;

    QHash<QString, DistinctDecision> distinct;
    QHash<QString, QStringList> distinctPartners;

    std::deque<std::pair<quint32, quint32>> arrival; // (slot, serial), oldest first
    qint64 newest = std::numeric_limits<qint64>::min();
    qint64 firstTime = std::numeric_limits<qint64>::min(); // of the first order with a time
    // Serial of a resident order without a creation time -> the newest time at its arrival
    // (min when none was known yet).
    QHash<quint32, qint64> untimedSince;

    // Delta being built, nullptr when ingesting.
    std::vector<quint32> changedClusters;
    QStringList removedClusters;
    QStringList expiredClusters;
    bool collecting = false;

    explicit Private(DuplicateRules r)
        : rules(std::move(r))
        , evidence(rules, [this](const QString &s) { return intern(s); }) {
        evidence.setPool(&poolText);
    }
    ~Private() {
        // Blocks beyond the pooled sizes live on the heap.
        for (ResidentOrder &r : orders)
            if (r.blob)
                blobs.release(r.blob, r.blobWords());
    }
    Private(const Private &) = delete;
    Private &operator=(const Private &) = delete;

    quint32 intern(QStringView s) { return pool.intern(s); }

    struct CustomerMemo {
        QString nameText, vatText, glnText, shipToText;
        quint32 rawName = 0, name = 0, vat = 0, gln = 0, shipTo = 0;
        quint32 firstNode = 0, currency = 0;
        QString currencyText;
        bool filled = false, shipToFilled = false, linked = false;
    };
    // Partner id -> its last customer fields (a flat table: this is read for every order).
    std::vector<CustomerMemo> customerMemo;
    BlockIndex memoOfPartner;
    CustomerMemo &memoFor(qint64 partnerId) {
        const quint32 fresh = quint32(customerMemo.size());
        const quint32 at = memoOfPartner.insert(memoKey(partnerId), fresh);
        if (at == fresh)
            customerMemo.emplace_back();
        return customerMemo[at];
    }

    // Normalized keys derived from an interned raw string, computed once per distinct string.
    std::vector<quint32> vatKeyOf, glnKeyOf, nameKeyOf; // raw pool id -> key pool id
    static constexpr quint32 unknownKey = 0xfffffffeu;
    template<typename Normalize>
    quint32 derivedKey(std::vector<quint32> &memo, quint32 raw, const QString &prefix,
                       Normalize normalize) {
        if (!raw)
            return 0;
        if (memo.size() <= raw)
            memo.resize(std::max<size_t>(raw + 1, memo.size() * 2), unknownKey);
        if (memo[raw] == unknownKey) {
            const QString norm = normalize(QStringView(poolText.at(raw)));
            const quint32 key = norm.isEmpty() ? 0 : intern(QString(prefix + norm));
            memo[raw] = key;
        }
        return memo[raw];
    }

    // ---- customer identity ----------------------------------------------------------------
    quint32 newNode() {
        const quint32 n = quint32(parent.size());
        parent.push_back(n);
        setSize.push_back(1);
        anchorsOf.emplace_back();
        isAnchor.push_back(false);
        return n;
    }
    quint32 root(quint32 n) const {
        while (parent[n] != n)
            n = parent[n];
        return n;
    }
    void unite(quint32 a, quint32 b) {
        a = root(a);
        b = root(b);
        if (a == b)
            return;
        if (setSize[a] < setSize[b])
            std::swap(a, b);
        parent[b] = a;
        setSize[a] += setSize[b];
        anchorsOf[a].insert(anchorsOf[a].end(), anchorsOf[b].begin(), anchorsOf[b].end());
        anchorsOf[b].clear();
        anchorsOf[b].shrink_to_fit();
    }
    quint32 nodeForKey(quint32 poolId) {
        auto it = keyNode.find(poolId);
        if (it == keyNode.end())
            it = keyNode.insert(poolId, newNode());
        return it.value();
    }

    quint32 linkCustomer(const ResidentOrder &r) {
        quint32 first = 0;
        const auto link = [&](quint32 node) {
            if (!first)
                first = node;
            else
                unite(first, node);
        };
        if (r.partnerId) {
            auto it = partnerNode.find(r.partnerId);
            if (it == partnerNode.end())
                it = partnerNode.insert(r.partnerId, newNode());
            link(it.value());
        }
        if (r.vat)
            link(nodeForKey(r.vat));
        if (r.gln)
            link(nodeForKey(r.gln));
        if (r.name)
            link(nodeForKey(r.name));
        return first;
    }

    // ---- building the resident form ---------------------------------------------------------
    // Appends what of `o` depends on the order alone to `into` (see Prepared). Touches nothing
    // of the engine but the SKU pool, so that another thread may run it while this one adds.
    static void prepare(const CanonicalOrder &o, TextPool &skuPool, PreparedBatch &into) {
        Prepared p;
        p.id = idKeyOf(o.id);
        p.open = o.isOpen();
        p.partner = o.customer.partnerId;
        if (p.open && !o.id.isEmpty()) {
            p.ref = referenceHash(o.customerRef);
            const auto &e = o.source.edi;
            if (!e.isEmpty())
                p.edi = combine(combine(hashText(e.sender), hashText(e.isa13)),
                                combine(hashText(e.gs06), hashText(e.st02))) |
                        1;
            p.payload = hashText(o.source.payloadHash);
            p.created =
                o.createdAt.isValid() ? o.createdAt.toSecsSinceEpoch() : ResidentOrder::unknownTime;
            // Products as a multiset: quantities of one SKU summed, so that a line split in two
            // halves still compares equal; sorted by SKU id, so line order does not matter.
            std::vector<ProductQty> &all = into.products;
            const size_t at = all.size();
            for (const OrderLine &l : o.lines) {
                quint32 id;
                if (!l.sku.isEmpty())
                    id = skuPool.intern(l.sku);
                else if (l.productId)
                    id = skuPool.intern(QString(QStringLiteral("#%1").arg(l.productId)));
                else
                    continue;
                const auto it = std::find_if(all.begin() + qsizetype(at), all.end(),
                                             [id](const ProductQty &q) { return q.sku == id; });
                if (it == all.end())
                    all.push_back({id, float(l.qty)});
                else
                    it->qty += float(l.qty);
            }
            std::sort(all.begin() + qsizetype(at), all.end(),
                      [](const ProductQty &a, const ProductQty &b) { return a.sku < b.sku; });
            all.resize(std::min<size_t>(all.size(), at + 0xffff));
            p.productsAt = quint32(at);
            p.productCount = quint32(all.size() - at);
            // The product set (SKUs without quantities) is a blocking key.
            quint64 h = 0x51ED270B27F6A5D3ull;
            for (size_t i = at; i < all.size(); ++i)
                h = fold(h, all[i].sku);
            p.productsHash = p.productCount ? mix64(h) | 1 : 0;
            p.refKey = chainKey(ByReference, p.ref, 0);
            p.ediKey = chainKey(ByEdi, p.edi, 0);
            p.payloadKey = chainKey(ByPayload, p.payload, 0);
        }
        into.orders.push_back(p);
    }
    // Prepares a batch in order, loading the texts of the orders ahead while it works.
    static void prepare(std::span<const CanonicalOrder> batch, TextPool &skuPool,
                        PreparedBatch &into) {
        into.clear();
        into.orders.reserve(batch.size());
        // The input's texts are small heap blocks all over memory: at a million orders each
        // first read misses the cache and the TLB. One pass of independent loads over the batch
        // lets the processor fetch many at once (a prefetch hint is dropped on a TLB miss),
        // then the batch is prepared from the cache.
        constexpr size_t step = 128;
        for (size_t at = 0; at < batch.size(); at += step) {
            const auto part = batch.subspan(at, std::min(step, batch.size() - at));
            into.touched ^= touch(part);
            for (const CanonicalOrder &o : part)
                prepare(o, skuPool, into);
        }
    }
    static char16_t touch(std::span<const CanonicalOrder> batch) {
        char16_t sum = 0;
        const auto first = [](const QString &s) {
            return s.isEmpty() ? char16_t(0) : s.front().unicode();
        };
        for (const CanonicalOrder &o : batch) {
            sum ^= first(o.id) ^ first(o.customerRef) ^ first(o.source.payloadHash);
            if (!o.source.edi.isa13.isEmpty())
                sum ^= first(o.source.edi.isa13) ^ first(o.source.edi.gs06) ^
                       first(o.source.edi.st02) ^ first(o.source.edi.sender);
            for (qsizetype i = 0, n = std::min<qsizetype>(o.lines.size(), 8); i < n; ++i)
                sum ^= first(o.lines[i].sku);
        }
        return sum;
    }
    void prefetchSlots(const Prepared &k) const {
        byId.prefetch(k.id);
        blocks[ByReference].prefetch(k.refKey);
        blocks[ByEdi].prefetch(k.ediKey);
        blocks[ByPayload].prefetch(k.payloadKey);
    }
    ResidentOrder makeResident(const CanonicalOrder &o, const Prepared &k,
                               const ProductQty *products) {
        ResidentOrder r;
        r.created = k.created;
        r.partnerId = o.customer.partnerId;
        r.channel = o.channel;
        r.amount = float(o.amountTotal);
        // A partner's name, tax ids and last ship-to repeat on all its orders: comparing them
        // with the last order of that partner is cheaper than hashing them again.
        CustomerMemo &m = memoFor(o.customer.partnerId);
        if (!sameText(m.nameText, o.customer.name) || !sameText(m.vatText, o.customer.vat) ||
            !sameText(m.glnText, o.customer.gln) || !m.filled) {
            m.nameText = o.customer.name;
            m.vatText = o.customer.vat;
            m.glnText = o.customer.gln;
            m.vat = derivedKey(vatKeyOf, intern(o.customer.vat), QStringLiteral("vat:"),
                               normalizeTaxId);
            m.gln = derivedKey(glnKeyOf, intern(o.customer.gln), QStringLiteral("gln:"),
                               normalizeTaxId);
            m.rawName = intern(o.customer.name);
            m.name =
                derivedKey(nameKeyOf, m.rawName, QStringLiteral("name:"), normalizeCustomerName);
            m.filled = true;
            m.linked = false;
        }
        r.vat = m.vat;
        r.gln = m.gln;
        r.name = m.name;
        if (!sameText(m.shipToText, o.shipTo) || !m.shipToFilled) {
            m.shipToText = o.shipTo;
            m.shipTo = intern(QStringView(o.shipTo).trimmed());
            m.shipToFilled = true;
        }
        r.shipTo = m.shipTo;
        if (!sameText(m.currencyText, o.currency) || (!m.currency && !o.currency.isEmpty())) {
            m.currencyText = o.currency;
            m.currency = intern(o.currency);
        }
        r.currency = m.currency;
        r.refHash = k.ref;
        r.ediHash = k.edi;
        r.payloadHash = k.payload;

        // Customer nodes: everything known about the customer on this order is one customer.
        // The memo knows when this partner's fields were linked already (the union never splits).
        quint32 first = 0;
        if (m.linked) {
            first = m.firstNode;
        } else {
            first = linkCustomer(r);
            m.firstNode = first;
            m.linked = true;
        }
        r.anchor = first ? root(first) : 0;
        if (!isAnchor[r.anchor]) {
            isAnchor[r.anchor] = true;
            anchorsOf[r.anchor].push_back(r.anchor);
        }

        r.productsHash = k.productsHash;
        r.present = quint8((r.productsHash ? ResidentOrder::HasProducts : 0) |
                           (r.ediHash ? ResidentOrder::HasEdi : 0) |
                           (r.payloadHash ? ResidentOrder::HasPayload : 0));
        blocks[ByProducts].prefetch(blockKey(r, ByProducts, r.anchor));

        const QString &id = o.id;
        const QStringView ref = QStringView(o.customerRef).trimmed();
        const quint32 idLen = quint32(std::min<qsizetype>(id.size(), 0xffff));
        const quint32 refLen = quint32(std::min<qsizetype>(ref.size(), 0xffff));
        constexpr size_t header = ResidentOrder::headerWords;
        const size_t words = header + 2 * size_t(k.productCount) + (idLen + refLen + 1) / 2;
        r.blob = blobs.allocate(words);
        r.blob[0] = k.productCount | quint32(std::min<qsizetype>(o.lines.size(), 0xffff)) << 16;
        r.blob[1] = idLen | refLen << 16;
        r.blob[2] = m.rawName;
        if (k.productCount)
            std::memcpy(r.blob + header, products, k.productCount * sizeof(ProductQty));
        auto *chars = reinterpret_cast<char16_t *>(r.blob + header + 2 * size_t(k.productCount));
        std::memcpy(chars, id.utf16(), idLen * sizeof(char16_t));
        std::memcpy(chars + idLen, ref.utf16(), refLen * sizeof(char16_t));

        return r;
    }

    // Everything matching reads, as one hash: tells a real change of an order from a repeat of
    // the same version. Computed from the resident form when needed (an update of a known id,
    // a planner's decision), not for every order scanned.
    static quint64 contentOf(const ResidentOrder &r) {
        quint64 c = fold(quint64(r.channel), quint64(r.partnerId));
        for (quint64 v :
             {quint64(r.vat), quint64(r.gln), quint64(r.rawName()), quint64(r.shipTo),
              quint64(r.currency), r.refHash, r.ediHash, r.payloadHash, quint64(r.created),
              quint64(std::bit_cast<quint32>(r.amount)), quint64(r.rawLineCount())})
            c = fold(c, v);
        const ProductQty *products = r.products();
        for (quint32 i = 0; i < r.productCount(); ++i)
            c = fold(c, quint64(products[i].sku) << 32 | std::bit_cast<quint32>(products[i].qty));
        c = fold(c, hashText(r.rawRef()));
        return mix64(c) | 1;
    }

    // The key an order sits under in one index, 0 when it has no value there: `value` is the
    // order's hash for that index (refHash, productsHash, ediHash, payloadHash), `node` the
    // customer node (only the product chains are per customer). One mixing step per key: the
    // value is already a well-mixed 64-bit hash.
    Q_ALWAYS_INLINE static quint64 chainKey(IndexKind kind, quint64 value, quint32 node) {
        if (!value)
            return 0;
        // Across customers for the others: a re-entry on a partner record with a mistyped name
        // shares nothing else with the original; scoring rejects unrelated customers.
        if (kind == ByProducts)
            return mix64(value ^ (quint64(node) << 8 | quint64(kind)) * 0xD6E8FEB86659FD93ull);
        return mix64(value ^ quint64(kind));
    }
    Q_ALWAYS_INLINE static quint64 hashFor(const ResidentOrder &r, IndexKind kind) {
        switch (kind) {
        case ByReference:
            return r.refHash;
        case ByProducts:
            return r.productsHash;
        case ByEdi:
            return r.ediHash;
        case ByPayload:
            return r.payloadHash;
        case IndexCount:
            break;
        }
        return 0;
    }
    Q_ALWAYS_INLINE static quint64 blockKey(const ResidentOrder &r, IndexKind kind, quint32 node) {
        return chainKey(kind, hashFor(r, kind), node);
    }

    // ---- indexes -------------------------------------------------------------------------
    static quint64 idKeyOf(QStringView id) { return hashText(id, 7); }
    quint32 slotOf(QStringView id) const { return slotOf(id, idKeyOf(id)); }
    quint32 slotOf(QStringView id, quint64 idKey) const {
        const quint32 s = byId.value(idKey);
        if (s == none)
            return none;
        if (orders[s].id() == id)
            return s;
        const auto it = idCollisions.constFind(id.toString());
        return it == idCollisions.cend() ? none : it.value();
    }

    // Puts the order at the head of its chains; r.next then leads to the orders that shared
    // each key before it (newest first), which is where candidates() starts, and the previous
    // head links back to it.
    void link(quint32 slot, quint64 idKey) {
        ResidentOrder &r = orders[slot];
        if (byId.insert(idKey, slot) != slot)
            idCollisions.insert(r.id().toString(), slot);
        for (int k = 0; k < IndexCount; ++k) {
            const quint64 key = blockKey(r, IndexKind(k), r.anchor);
            const quint32 older = key ? blocks[k].exchange(key, slot) : none;
            r.next(k) = older;
            r.prev(k) = none;
            if (older != none)
                orders[older].prev(k) = slot;
        }
    }

    void unlink(quint32 slot) {
        ResidentOrder &r = orders[slot];
        const quint64 idKey = hashText(r.id(), 7);
        if (byId.value(idKey) == slot) {
            byId.erase(idKey);
            // Promote a colliding id, if any, into the main table.
            for (auto it = idCollisions.begin(); it != idCollisions.end(); ++it) {
                if (hashText(it.key(), 7) == idKey) {
                    byId.set(idKey, it.value());
                    idCollisions.erase(it);
                    break;
                }
            }
        } else {
            idCollisions.remove(r.id().toString());
        }
        // Out of each chain through its neighbours: constant time wherever the order sits, and
        // no chain keeps a link to the slot, which a later order may take.
        for (int k = 0; k < IndexCount; ++k) {
            const quint64 key = blockKey(r, IndexKind(k), r.anchor);
            if (!key)
                continue;
            const quint32 newer = r.prev(k), older = r.next(k);
            if (newer == none) {
                Q_ASSERT(blocks[k].value(key) == slot);
                if (older == none)
                    blocks[k].erase(key);
                else
                    blocks[k].set(key, older);
            } else {
                Q_ASSERT(orders[newer].next(k) == slot);
                orders[newer].next(k) = older;
            }
            if (older != none) {
                Q_ASSERT(orders[older].prev(k) == slot);
                orders[older].prev(k) = newer;
            }
            r.next(k) = none;
            r.prev(k) = none;
        }
    }

    // Orders sharing a blocking key with `r` within the candidate window (never all pairs).
    // `r` is linked already: its own chains continue at r.next.
    void candidates(const ResidentOrder &r, quint32 self, std::vector<quint32> &out) const {
        out.clear();
        const auto walk = [&](int kind, quint32 head) {
            // Without a shared reference, only orders close in time are worth comparing.
            const qint64 window =
                kind == ByProducts ? rules.productWindowSecs : rules.candidateWindowSecs;
            int seen = 0;
            for (quint32 s = head; s != none && seen < rules.maxCandidatesPerBlock;
                 s = orders[s].next(kind), ++seen) {
                if (s == self)
                    continue;
                const ResidentOrder &o = orders[s];
                if (r.created != ResidentOrder::unknownTime &&
                    o.created != ResidentOrder::unknownTime) {
                    if (o.created < r.created - window)
                        break; // chains run newest first
                    if (o.created > r.created + window)
                        continue;
                }
                if (std::find(out.begin(), out.end(), s) == out.end())
                    out.push_back(s);
            }
        };
        if (r.productsHash) {
            for (quint32 node : anchorsOf[root(r.anchor)]) {
                if (node == r.anchor)
                    walk(ByProducts, r.next(ByProducts));
                else
                    walk(ByProducts, blocks[ByProducts].value(blockKey(r, ByProducts, node)));
            }
        }
        walk(ByReference, r.next(ByReference));
        walk(ByEdi, r.next(ByEdi));
        walk(ByPayload, r.next(ByPayload));
    }

    bool isMarkedDistinct(const ResidentOrder &a, const ResidentOrder &b) const {
        if (!a.hasDistinctMark || !b.hasDistinctMark)
            return false;
        const auto it = distinct.constFind(pairKey(a.id(), b.id()));
        if (it == distinct.cend())
            return false;
        const bool aFirst = a.id() < b.id();
        const quint64 va = aFirst ? it->versionA : it->versionB;
        const quint64 vb = aFirst ? it->versionB : it->versionA;
        return (va == 0 || va == contentOf(a)) && (vb == 0 || vb == contentOf(b));
    }

    // ---- clusters ------------------------------------------------------------------------
    void noteChanged(quint32 clusterIndex) {
        if (collecting)
            changedClusters.push_back(clusterIndex);
    }

    quint32 newCluster() {
        quint32 idx;
        if (!freeClusters.empty()) {
            idx = freeClusters.back();
            freeClusters.pop_back();
        } else {
            idx = quint32(clusters.size());
            clusters.emplace_back();
        }
        clusters[idx].number = nextClusterNumber++;
        clusterByNumber.insert(clusters[idx].number, idx);
        return idx;
    }

    void dropCluster(quint32 idx, QStringList *into) {
        ClusterRecord &c = clusters[idx];
        if (collecting && into)
            into->append(clusterIdOf(c.number));
        clusterByNumber.remove(c.number);
        for (quint32 m : c.members)
            if (orders[m].cluster == idx)
                orders[m].cluster = none;
        c = ClusterRecord{};
        freeClusters.push_back(idx);
    }

    std::vector<Edge> joinEdges; // addEdges()'s scratch, kept across orders
    std::vector<quint32> joinedClusters;
    void addEdges(quint32 slot, const std::vector<Edge> &all) {
        if (all.empty())
            return;
        // The strongest kind of relation that can be joined wins.
        std::vector<Edge> &edges = joinEdges;
        edges.clear();
        ClusterKind kind = ClusterKind::Duplicate;
        // An order held by a weaker relation leaves it for a stronger one: a suspect link made
        // earlier must not keep a later, certain duplicate out of view.
        const auto rank = [](ClusterKind k) {
            return k == ClusterKind::Duplicate ? 2 : k == ClusterKind::Amendment ? 1 : 0;
        };
        for (ClusterKind k :
             {ClusterKind::Duplicate, ClusterKind::Amendment, ClusterKind::Suspect}) {
            for (const Edge &e : all) {
                const quint32 c = orders[e.b].cluster;
                if (e.kind == k && (c == none || rank(clusters[c].kind) <= rank(k)))
                    edges.push_back(e);
            }
            if (!edges.empty()) {
                for (const Edge &e : edges) {
                    const quint32 c = orders[e.b].cluster;
                    if (c != none && rank(clusters[c].kind) < rank(k))
                        detach(e.b);
                }
            }
            if (!edges.empty()) {
                kind = k;
                break;
            }
        }
        if (edges.empty())
            return;
        // The cluster with the lowest number survives a merge: adding members keeps its id.
        std::vector<quint32> &touched = joinedClusters;
        touched.clear();
        const auto touch = [&](quint32 s) {
            const quint32 c = orders[s].cluster;
            if (c != none && std::find(touched.begin(), touched.end(), c) == touched.end())
                touched.push_back(c);
        };
        touch(slot);
        for (const Edge &e : edges)
            touch(e.b);
        quint32 target;
        if (touched.empty()) {
            target = newCluster();
            clusters[target].kind = kind;
        } else {
            target =
                *std::min_element(touched.begin(), touched.end(), [this](quint32 x, quint32 y) {
                    return clusters[x].number < clusters[y].number;
                });
            for (quint32 c : touched) {
                if (c == target)
                    continue;
                ClusterRecord &from = clusters[c];
                ClusterRecord &to = clusters[target];
                to.members.insert(to.members.end(), from.members.begin(), from.members.end());
                to.edges.insert(to.edges.end(), from.edges.begin(), from.edges.end());
                for (quint32 m : from.members)
                    orders[m].cluster = target;
                from.members.clear();
                dropCluster(c, &removedClusters);
            }
        }
        ClusterRecord &to = clusters[target];
        const auto join = [&](quint32 s) {
            if (orders[s].cluster != target) {
                orders[s].cluster = target;
                to.members.push_back(s);
            }
        };
        join(slot);
        for (const Edge &e : edges) {
            join(e.b);
            to.edges.push_back(e);
        }
        noteChanged(target);
    }

    // Takes an order out of its cluster; the rest splits into connected parts. The part holding
    // the oldest member keeps the id, the others get new ids.
    void detach(quint32 slot) {
        const quint32 idx = orders[slot].cluster;
        if (idx == none)
            return;
        orders[slot].cluster = none;
        std::vector<Edge> edges;
        for (const Edge &e : clusters[idx].edges)
            if (e.a != slot && e.b != slot)
                edges.push_back(e);
        std::vector<quint32> members;
        for (quint32 m : clusters[idx].members)
            if (m != slot)
                members.push_back(m);
        regroup(idx, std::move(members), std::move(edges));
    }

    void regroup(quint32 idx, std::vector<quint32> members, std::vector<Edge> edges) {
        // Connected components over the remaining edges (small: clusters hold a few orders).
        std::vector<int> comp(members.size(), -1);
        const auto indexOf = [&](quint32 s) {
            return int(std::find(members.begin(), members.end(), s) - members.begin());
        };
        int count = 0;
        for (size_t i = 0; i < members.size(); ++i) {
            if (comp[i] >= 0)
                continue;
            bool hasEdge = false;
            std::vector<size_t> stack{i};
            comp[i] = count;
            while (!stack.empty()) {
                const quint32 s = members[stack.back()];
                stack.pop_back();
                for (const Edge &e : edges) {
                    if (e.a != s && e.b != s)
                        continue;
                    hasEdge = true;
                    const int j = indexOf(e.a == s ? e.b : e.a);
                    if (comp[size_t(j)] < 0) {
                        comp[size_t(j)] = count;
                        stack.push_back(size_t(j));
                    }
                }
            }
            if (!hasEdge)
                comp[i] = -2; // alone: leaves the cluster
            else
                ++count;
        }
        if (count == 0) {
            dropCluster(idx, &removedClusters);
            return;
        }
        // The component holding the oldest member keeps the cluster's id.
        int keeper = -1;
        qint64 oldest = std::numeric_limits<qint64>::max();
        for (size_t i = 0; i < members.size(); ++i) {
            if (comp[i] >= 0 && orders[members[i]].created < oldest) {
                oldest = orders[members[i]].created;
                keeper = comp[i];
            }
        }
        if (keeper < 0)
            keeper = 0;
        std::vector<quint32> target(size_t(count), none);
        target[size_t(keeper)] = idx;
        for (int c = 0; c < count; ++c) {
            if (c != keeper) {
                target[size_t(c)] = newCluster();
                clusters[target[size_t(c)]].kind = clusters[idx].kind;
            }
        }
        for (quint32 t : target) {
            clusters[t].members.clear();
            clusters[t].edges.clear();
        }
        for (size_t i = 0; i < members.size(); ++i) {
            if (comp[i] < 0) {
                if (orders[members[i]].cluster == idx)
                    orders[members[i]].cluster = none;
                continue;
            }
            const quint32 t = target[size_t(comp[i])];
            clusters[t].members.push_back(members[i]);
            orders[members[i]].cluster = t;
        }
        for (const Edge &e : edges)
            clusters[orders[e.a].cluster].edges.push_back(e);
        for (quint32 t : target)
            noteChanged(t);
    }

    // ---- add and remove --------------------------------------------------------------------
    std::vector<quint32> scratch;
    std::vector<Edge> newEdges;
    PreparedBatch single; // the one order of upsert() and ingest(order)

    void discard(ResidentOrder &r) {
        if (r.blob)
            blobs.release(r.blob, r.blobWords());
        r = ResidentOrder{};
    }

    void removeSlot(quint32 slot) {
        detach(slot);
        forget(slot);
    }
    // Takes an order out of its chains and frees its slot (its cluster is seen to already).
    void forget(quint32 slot) {
        ResidentOrder &r = orders[slot];
        if (r.created == ResidentOrder::unknownTime)
            untimedSince.remove(r.serial);
        unlink(slot);
        discard(r);
        freeSlots.push_back(slot);
        --liveCount;
    }

    void add(const CanonicalOrder &order) {
        if (order.id.isEmpty())
            return;
        single.clear();
        prepare(order, skus, single);
        // The index probes that follow will miss the cache at a million orders: start loading
        // their slots now, while the resident form is built.
        prefetchSlots(single.orders.front());
        add(order, single, 0);
    }

    void add(const CanonicalOrder &order, const PreparedBatch &batch, size_t at) {
        if (order.id.isEmpty())
            return;
        const Prepared &keys = batch.orders[at];
        const quint64 idKey = keys.id;
        if (!keys.open) {
            const quint32 existing = slotOf(order.id, idKey);
            if (existing != none)
                removeSlot(existing);
            return;
        }
        ResidentOrder r = makeResident(order, keys, batch.products.data() + keys.productsAt);
        const quint32 existing = slotOf(order.id, idKey);
        if (existing != none) {
            if (contentOf(orders[existing]) == contentOf(r)) {
                discard(r);
                return;
            }
            removeSlot(existing);
        }
        r.hasDistinctMark = distinctPartners.contains(order.id);
        if (r.hasDistinctMark)
            refreshDecisions(order.id, contentOf(r));

        r.serial = nextSerial++;
        quint32 slot;
        if (!freeSlots.empty()) {
            slot = freeSlots.back();
            freeSlots.pop_back();
            orders[slot] = r;
        } else {
            slot = quint32(orders.size());
            orders.push_back(r); // written once, not cleared first
        }
        ++liveCount;
        const ResidentOrder &me = orders[slot];
        link(slot, idKey);
        candidates(me, slot, scratch);
        newEdges.clear();
        for (quint32 other : scratch) {
            const ResidentOrder &o = orders[other];
            if (me.hasDistinctMark && o.hasDistinctMark && isMarkedDistinct(me, o))
                continue;
            // Most candidates share only a product set or a reference: what the first cache
            // line of the other order holds tells that they cannot reach the suspect threshold.
            const SignalWeights &w = evidence.weightsFor(me, o);
            if (evidence.cannotFlag(me, o, w))
                continue;
            const PairEvidence::Verdict v = evidence.judge(evidence.facts(me, o), w);
            if (v.flagged)
                newEdges.push_back({slot, other, float(v.score), v.kind});
        }
        addEdges(slot, newEdges);
        arrival.emplace_back(slot, me.serial);
        if (me.created == ResidentOrder::unknownTime) {
            untimedSince.insert(me.serial, newest);
        } else if (me.created > newest) {
            if (newest == std::numeric_limits<qint64>::min())
                firstTime = me.created;
            newest = me.created;
        }
        expire();
    }

    // Adds a prepared batch in order, in steps: first the step's index slots and the newest
    // orders of its chains are read, as independent loads over all its orders (which the
    // processor overlaps, where adding one order after another waits for each miss in turn);
    // then its orders are added one after the other, from the cache. The reads change nothing.
    void addPrepared(std::span<const CanonicalOrder> batch, const PreparedBatch &prepared) {
        constexpr size_t step = 128;
        for (size_t at = 0; at < batch.size(); at += step) {
            const size_t n = std::min(step, batch.size() - at);
            warmed ^= warm(prepared, at, n);
            for (size_t i = at; i < at + n; ++i)
                add(batch[i], prepared, i);
        }
    }
    quint32 warmed = 0; // keeps warm()'s loads
    std::vector<quint32> warmHeads;
    std::vector<quint64> warmKeys; // the product chain key of each order of the step, 0: none

    quint32 warm(const PreparedBatch &prepared, size_t from, size_t n) {
        quint32 sum = 0;
        warmHeads.assign(2 * n, none);
        warmKeys.resize(n);
        // The slots where the probes start, without branching on what they hold. The partner
        // memo is small (one entry per partner) and stays in the cache: it tells the customer
        // node the order will most likely be indexed under, so its product chain's slot too
        // can be loaded in this pass.
        for (size_t i = 0; i < n; ++i) {
            const Prepared &k = prepared.orders[from + i];
            sum ^= byId.touch(k.id);
            quint64 productKey = 0;
            if (k.open) {
                sum ^= blocks[ByReference].touch(k.refKey);
                if (k.ediKey)
                    sum ^= blocks[ByEdi].touch(k.ediKey);
                if (k.payloadKey)
                    sum ^= blocks[ByPayload].touch(k.payloadKey);
                const quint32 memo = k.partner ? memoOfPartner.value(memoKey(k.partner)) : none;
                if (k.productsHash && memo != none && customerMemo[memo].linked) {
                    const quint32 first = customerMemo[memo].firstNode;
                    productKey = chainKey(ByProducts, k.productsHash, first ? root(first) : 0);
                    sum ^= blocks[ByProducts].touch(productKey);
                }
            }
            warmKeys[i] = productKey;
        }
        for (size_t i = 0; i < n; ++i) {
            const Prepared &k = prepared.orders[from + i];
            sum ^= byId.value(k.id);
            if (!k.open)
                continue;
            if (k.refKey)
                warmHeads[2 * i] = blocks[ByReference].value(k.refKey);
            if (k.ediKey)
                sum ^= blocks[ByEdi].value(k.ediKey);
            if (k.payloadKey)
                sum ^= blocks[ByPayload].value(k.payloadKey);
            if (warmKeys[i])
                warmHeads[2 * i + 1] = blocks[ByProducts].value(warmKeys[i]);
        }
        // The heads' second lines and order blocks: link() writes the head's link back to the
        // new order, and the head is the candidate most often scored in full (its products).
        for (size_t i = 0; i < 2 * n; ++i) {
            const quint32 h = warmHeads[i];
            if (h != none && h < orders.size())
                sum ^= orders[h].prevLink[0];
        }
        for (size_t i = 0; i < 2 * n; ++i) {
            const quint32 h = warmHeads[i];
            if (h != none && h < orders.size() && orders[h].blob)
                sum ^= orders[h].blob[0];
        }
        // The newest three orders of each chain: what candidates() reads first.
        for (int depth = 0; depth < 3; ++depth) {
            for (size_t i = 0; i < 2 * n; ++i) {
                const quint32 h = warmHeads[i];
                if (h == none || h >= orders.size())
                    continue;
                warmHeads[i] = orders[h].next(i % 2 ? ByProducts : ByReference);
                sum ^= warmHeads[i];
            }
        }
        return sum;
    }
    // Reads the members of `clusters` the way present() will, in passes of independent loads
    // (their lists, then their resident orders, then their ids); the result is not used.
    quint32 warmMembers(std::span<const quint32> clusterIndexes) const {
        quint32 sum = 0;
        for (quint32 c : clusterIndexes)
            if (!clusters[c].members.empty())
                sum ^= clusters[c].members.front();
        for (quint32 c : clusterIndexes)
            for (quint32 m : clusters[c].members)
                sum ^= quint32(orders[m].created) ^ orders[m].blob[0];
        for (quint32 c : clusterIndexes)
            for (quint32 m : clusters[c].members)
                if (const QStringView id = orders[m].id(); !id.isEmpty())
                    sum ^= id.front().unicode();
        return sum;
    }
    static quint64 memoKey(qint64 partnerId) {
        // A bijection that keeps real (positive) ids clear of BlockIndex's reserved keys 0 and 1.
        return quint64(partnerId) ^ (quint64(1) << 63);
    }

    // Forgets orders older than the retention window. A cluster goes as a whole, once its
    // newest member is old enough, so that a planner never sees half a cluster vanish.
    // An order without a creation time counts as created when the newest order was at its
    // arrival (the first order with a time, if none had one yet): it leaves the window in its
    // turn instead of holding every order behind it in memory.
    qint64 expiryTime(const ResidentOrder &r) const {
        if (r.created != ResidentOrder::unknownTime)
            return r.created;
        const qint64 since = untimedSince.value(r.serial, std::numeric_limits<qint64>::min());
        return since == std::numeric_limits<qint64>::min() ? firstTime : since;
    }
    // At most this many orders leave the front of the arrival queue per order added, forgotten
    // or kept by their cluster (a cluster goes whole, even when larger; orders removed before
    // are skipped freely). A stream forgets about one order per order it adds; a jump forward
    // in time (the sync catching up after a pause, a day without orders) leaves thousands of
    // orders behind the window at once, and forgetting them all in one change would hold that
    // change up and hand the views thousands of expired clusters in one delta. They go over the
    // next changes instead, three more per change than the stream adds.
    static constexpr int expiryStep = 4;

    void expire() {
        if (newest == std::numeric_limits<qint64>::min())
            return;
        const qint64 cutoff = newest - rules.retentionSecs;
        int budget = expiryStep;
        while (!arrival.empty() && budget > 0) {
            const auto [slot, serial] = arrival.front();
            const ResidentOrder &r = orders[slot];
            if (!r.live() || r.serial != serial) {
                arrival.pop_front();
                continue;
            }
            if (expiryTime(r) >= cutoff)
                break;
            arrival.pop_front();
            if (r.cluster == none) {
                removeSlot(slot);
                --budget;
                continue;
            }
            const quint32 idx = r.cluster;
            const auto &members = clusters[idx].members;
            const bool allOld = std::all_of(members.begin(), members.end(), [&](quint32 m) {
                return expiryTime(orders[m]) < cutoff;
            });
            if (!allOld) {
                --budget; // a look at every member: counted, so a huge cluster is not read
                continue; // the cluster's newest member takes it along when it expires
            }
            const std::vector<quint32> gone = members;
            dropCluster(idx, &expiredClusters);
            for (quint32 m : gone)
                forget(m);
            budget -= int(std::min<size_t>(gone.size(), size_t(budget)));
        }
    }

    void refreshDecisions(const QString &id, quint64 version) {
        // A decision made before the order was seen gets its version now; one made on another
        // version no longer applies.
        const QStringList partners = distinctPartners.value(id);
        for (const QString &other : partners) {
            auto it = distinct.find(pairKey(id, other));
            if (it == distinct.end())
                continue;
            quint64 &v = id < other ? it->versionA : it->versionB;
            if (v == 0) {
                v = version;
            } else if (v != version) {
                distinct.erase(it);
                distinctPartners[other].removeAll(id);
                distinctPartners[id].removeAll(other);
            }
        }
        if (distinctPartners.value(id).isEmpty())
            distinctPartners.remove(id);
    }

    // ---- presenting --------------------------------------------------------------------------
    DuplicateCluster present(quint32 idx, bool inWords = true) const {
        const ClusterRecord &c = clusters[idx];
        DuplicateCluster out;
        out.id = clusterIdOf(c.number);
        out.kind = c.kind;
        const Edge *best = nullptr;
        for (const Edge &e : c.edges)
            if (e.kind == out.kind && (!best || e.score > best->score))
                best = &e;
        // Oldest first; most clusters have a few members, sorted on the stack.
        std::array<quint32, 16> small;
        std::vector<quint32> large;
        std::span<quint32> members;
        if (c.members.size() <= small.size()) {
            std::copy(c.members.begin(), c.members.end(), small.begin());
            members = std::span<quint32>(small.data(), c.members.size());
        } else {
            large = c.members;
            members = std::span<quint32>(large);
        }
        std::sort(members.begin(), members.end(), [this](quint32 a, quint32 b) {
            const ResidentOrder &x = orders[a], &y = orders[b];
            return x.created != y.created ? x.created < y.created : x.id() < y.id();
        });
        out.members.reserve(qsizetype(members.size()));
        for (quint32 m : members)
            out.members.append(orders[m].id().toString());
        if (best) {
            out.score = best->score;
            if (!inWords)
                return out;
            const ResidentOrder &a = orders[best->a], &b = orders[best->b];
            const bool aOlder = a.created <= b.created;
            out.evidence = evidence.explain(aOlder ? a : b, aOlder ? b : a, poolText);
            out.summary = PairEvidence::summarize(out.evidence);
        }
        return out;
    }

    ClusterDelta takeDelta() {
        ClusterDelta d;
        std::sort(changedClusters.begin(), changedClusters.end());
        changedClusters.erase(std::unique(changedClusters.begin(), changedClusters.end()),
                              changedClusters.end());
        QStringList seen;
        for (quint32 idx : changedClusters)
            if (clusters[idx].number)
                d.changed.append(present(idx));
        std::sort(d.changed.begin(), d.changed.end(),
                  [](const DuplicateCluster &a, const DuplicateCluster &b) { return a.id < b.id; });
        for (const QString &id : std::as_const(removedClusters))
            if (std::none_of(d.changed.cbegin(), d.changed.cend(),
                             [&](const DuplicateCluster &c) { return c.id == id; }))
                d.removed.append(id);
        d.expired = expiredClusters;
        changedClusters.clear();
        removedClusters.clear();
        expiredClusters.clear();
        collecting = false;
        return d;
    }
};

DuplicateEngine::DuplicateEngine()
    : DuplicateEngine(DuplicateRules::defaults()) {}

DuplicateEngine::DuplicateEngine(DuplicateRules rules)
    : d(std::make_unique<Private>(std::move(rules))) {}

DuplicateEngine::~DuplicateEngine() = default;

ClusterDelta DuplicateEngine::upsert(const CanonicalOrder &order) {
    d->collecting = true;
    d->add(order);
    return d->takeDelta();
}

void DuplicateEngine::ingest(const CanonicalOrder &order) {
    d->collecting = false;
    d->add(order);
}

void DuplicateEngine::ingest(std::span<const CanonicalOrder> orders, ScanThreads threads) {
    d->collecting = false;
    // One core: prepare a batch (hashes, times, product multisets: streaming over the input),
    // then add it. Two cores: a second thread prepares batch k + 1 while this one adds batch k.
    // Either way the orders are prepared and added strictly in input order, exactly as
    // ingest() one at a time would.
    const size_t chunk = threads == ScanThreads::Two ? 4096 : 128;
    const size_t n = orders.size();
    const auto part = [&](size_t k) {
        const size_t from = k * chunk;
        return orders.subspan(from, std::min(chunk, n - from));
    };
    const size_t parts = (n + chunk - 1) / chunk;
    std::array<PreparedBatch, 2> prepared;
    if (threads == ScanThreads::One || std::thread::hardware_concurrency() == 1) {
        for (size_t k = 0; k < parts; ++k) {
            Private::prepare(part(k), d->skus, prepared[0]);
            d->addPrepared(part(k), prepared[0]);
        }
        return;
    }
    if (parts > 0)
        Private::prepare(part(0), d->skus, prepared[0]);
    for (size_t k = 0; k < parts; ++k) {
        std::thread ahead;
        if (k + 1 < parts)
            ahead = std::thread(
                [&, k] { Private::prepare(part(k + 1), d->skus, prepared[(k + 1) % 2]); });
        d->addPrepared(part(k), prepared[k % 2]);
        if (ahead.joinable())
            ahead.join();
    }
}

void DuplicateEngine::reserve(qsizetype orders) {
    if (orders <= 0)
        return;
    d->orders.reserve(size_t(orders));
    d->byId.reserve(size_t(orders));
    // Most orders have a reference of their own. A product set recurs on many orders of one
    // customer, the more the longer the stream runs (a million generated orders hold 138,000
    // product keys, 30,000 hold 13,500), so that index is sized for half and grows if the data
    // holds more. Every slot reserved is memory the system must hand out and clear.
    d->blocks[ByReference].reserve(size_t(orders));
    d->blocks[ByProducts].reserve(size_t(orders) / 2);
    // EDI control numbers and payloads are unique per order: their indexes hold a key for each
    // order that has one (a million generated orders, a fifth of them EDI: 211,000 each).
    // Sized for a quarter, they do not rehash on the way, where growing from empty would write
    // twice their final size in fresh memory and move every key at each doubling.
    d->blocks[ByEdi].reserve(size_t(orders) / 4);
    d->blocks[ByPayload].reserve(size_t(orders) / 4);
}

ClusterDelta DuplicateEngine::remove(const QString &orderId) {
    d->collecting = true;
    const quint32 slot = d->slotOf(orderId);
    if (slot != none)
        d->removeSlot(slot);
    return d->takeDelta();
}

ClusterDelta DuplicateEngine::markDistinct(const QString &orderA, const QString &orderB) {
    d->collecting = true;
    if (orderA == orderB)
        return d->takeDelta();
    const quint32 a = d->slotOf(orderA), b = d->slotOf(orderB);
    DistinctDecision decision;
    const bool aFirst = orderA < orderB;
    const quint64 va = a == none ? 0 : d->contentOf(d->orders[a]);
    const quint64 vb = b == none ? 0 : d->contentOf(d->orders[b]);
    decision.versionA = aFirst ? va : vb;
    decision.versionB = aFirst ? vb : va;
    d->distinct.insert(pairKey(orderA, orderB), decision);
    if (!d->distinctPartners[orderA].contains(orderB))
        d->distinctPartners[orderA].append(orderB);
    if (!d->distinctPartners[orderB].contains(orderA))
        d->distinctPartners[orderB].append(orderA);
    if (a != none)
        d->orders[a].hasDistinctMark = true;
    if (b != none)
        d->orders[b].hasDistinctMark = true;
    if (a != none && b != none && d->orders[a].cluster != none &&
        d->orders[a].cluster == d->orders[b].cluster) {
        const quint32 idx = d->orders[a].cluster;
        std::vector<Edge> edges;
        for (const Edge &e : d->clusters[idx].edges)
            if (!((e.a == a && e.b == b) || (e.a == b && e.b == a)))
                edges.push_back(e);
        d->regroup(idx, d->clusters[idx].members, std::move(edges));
    }
    return d->takeDelta();
}

QList<DuplicateCluster> DuplicateEngine::clusters(EvidenceText detail) const {
    // In the order of their ids, decided on the numbers (no id is formatted to sort).
    std::vector<quint32> live;
    live.reserve(d->clusterByNumber.size());
    for (quint32 i = 0; i < d->clusters.size(); ++i)
        if (d->clusters[i].number)
            live.push_back(i);
    std::sort(live.begin(), live.end(), [this](quint32 a, quint32 b) {
        return clusterIdLess(d->clusters[a].number, d->clusters[b].number);
    });
    QList<DuplicateCluster> out;
    out.reserve(qsizetype(live.size()));
    const bool inWords = detail == EvidenceText::InWords;
    // In steps of 64 clusters: first what presenting them reads (their members' resident
    // orders and ids, scattered over a million orders), as independent loads, then the
    // clusters from the cache.
    constexpr size_t step = 64;
    for (size_t at = 0; at < live.size(); at += step) {
        const std::span<const quint32> part(live.data() + at, std::min(step, live.size() - at));
        volatile quint32 sink = d->warmMembers(part);
        Q_UNUSED(sink);
        for (quint32 idx : part)
            out.append(d->present(idx, inWords));
    }
    return out;
}

std::optional<DuplicateCluster> DuplicateEngine::cluster(const QString &clusterId) const {
    if (!clusterId.startsWith(QLatin1String("C-")))
        return std::nullopt;
    bool ok = false;
    const quint32 number = QStringView(clusterId).mid(2).toUInt(&ok);
    const quint32 idx = d->clusterByNumber.value(number);
    if (!ok || idx == none)
        return std::nullopt;
    return d->present(idx);
}

bool DuplicateEngine::withEvidence(DuplicateCluster &c) const {
    std::optional<DuplicateCluster> full = cluster(c.id);
    if (!full)
        return false;
    c = std::move(*full);
    return true;
}

std::optional<DuplicateCluster> DuplicateEngine::clusterOf(const QString &orderId) const {
    const quint32 slot = d->slotOf(orderId);
    if (slot == none || d->orders[slot].cluster == none)
        return std::nullopt;
    return d->present(d->orders[slot].cluster);
}

qsizetype DuplicateEngine::orderCount() const {
    return d->liveCount;
}

std::optional<PairAssessment> DuplicateEngine::assess(const QString &orderA,
                                                      const QString &orderB) const {
    const quint32 a = d->slotOf(orderA), b = d->slotOf(orderB);
    if (a == none || b == none || a == b)
        return std::nullopt;
    const ResidentOrder &x = d->orders[a], &y = d->orders[b];
    const PairEvidence::Verdict v = d->evidence.score(x, y);
    PairAssessment out;
    out.score = v.score;
    out.flagged = v.flagged;
    out.kind = v.kind;
    out.markedDistinct = d->isMarkedDistinct(x, y);
    out.evidence = d->evidence.explain(x, y, d->poolText);
    out.summary = PairEvidence::summarize(out.evidence);
    return out;
}

QString DuplicateEngine::checkIndexes() const {
    const auto &orders = d->orders;
    const auto describe = [&](quint32 slot) {
        return slot < orders.size() && orders[slot].live()
                   ? QStringLiteral("slot %1 (%2)").arg(slot).arg(orders[slot].id())
                   : QStringLiteral("slot %1 (free)").arg(slot);
    };
    qsizetype live = 0;
    for (quint32 slot = 0; slot < orders.size(); ++slot) {
        const ResidentOrder &r = orders[slot];
        if (!r.live())
            continue;
        ++live;
        for (int k = 0; k < IndexCount; ++k) {
            const quint64 key = d->blockKey(r, IndexKind(k), r.anchor);
            const quint32 newer = r.prev(k), older = r.next(k);
            if (!key) {
                if (newer != none || older != none)
                    return QStringLiteral("%1 is in chain %2 without its key")
                        .arg(describe(slot))
                        .arg(k);
                continue;
            }
            const auto sameChain = [&](quint32 other) {
                return other < orders.size() && orders[other].live() &&
                       d->blockKey(orders[other], IndexKind(k), orders[other].anchor) == key;
            };
            if (newer == none) {
                if (d->blocks[k].value(key) != slot)
                    return QStringLiteral("%1 starts chain %2, whose index names %3")
                        .arg(describe(slot))
                        .arg(k)
                        .arg(describe(d->blocks[k].value(key)));
            } else if (!sameChain(newer) || orders[newer].next(k) != slot) {
                return QStringLiteral("%1 in chain %2 comes after %3, which does not lead to it")
                    .arg(describe(slot))
                    .arg(k)
                    .arg(describe(newer));
            }
            if (older != none && (!sameChain(older) || orders[older].prev(k) != slot))
                return QStringLiteral("%1 in chain %2 leads to %3, which does not lead back")
                    .arg(describe(slot))
                    .arg(k)
                    .arg(describe(older));
        }
    }
    if (live != d->liveCount)
        return QStringLiteral("%1 resident orders counted, %2 found").arg(d->liveCount).arg(live);
    QString problem;
    for (int k = 0; k < IndexCount && problem.isEmpty(); ++k)
        d->blocks[k].forEach([&](quint64 key, quint32 head) {
            if (!problem.isEmpty())
                return;
            if (head >= orders.size() || !orders[head].live() || orders[head].prev(k) != none ||
                d->blockKey(orders[head], IndexKind(k), orders[head].anchor) != key)
                problem = QStringLiteral("index %1 names %2 as the head of a chain it does not "
                                         "start")
                              .arg(k)
                              .arg(describe(head));
        });
    return problem;
}

const DuplicateRules &DuplicateEngine::rules() const {
    return d->rules;
}

qsizetype DuplicateEngine::memoryBytes() const {
    size_t bytes = sizeof(Private) + d->orders.capacity() * sizeof(ResidentOrder) +
                   d->freeSlots.capacity() * sizeof(quint32) + d->byId.bytes() +
                   d->arrival.size() * sizeof(std::pair<quint32, quint32>);
    for (const auto &b : d->blocks)
        bytes += b.bytes();
    bytes += d->blobs.bytes();
    for (const ClusterRecord &c : d->clusters)
        bytes += sizeof(ClusterRecord) + c.members.capacity() * sizeof(quint32) +
                 c.edges.capacity() * sizeof(Edge);
    bytes += d->clusterByNumber.bytes();
    bytes += d->pool.bytes() + d->skus.bytes();
    bytes += d->parent.capacity() * sizeof(quint32) * 2;
    return qsizetype(bytes);
}

qsizetype DuplicateEngine::indexBytes() const {
    size_t bytes = d->byId.bytes();
    for (const auto &b : d->blocks)
        bytes += b.bytes();
    return qsizetype(bytes);
}

quint32 DuplicateEngine::clusterNumber(QStringView clusterId) {
    if (!clusterId.startsWith(QLatin1String("C-")))
        return 0;
    bool ok = false;
    const quint32 number = clusterId.mid(2).toUInt(&ok);
    return ok ? number : 0;
}

QHash<QString, QString>
DuplicateEngine::carryClusterIds(const std::function<quint32(const QString &)> &previousOf,
                                 quint32 firstFresh, const QStringList *scope) {
    std::vector<quint32> todo; // indexes of the clusters to renumber
    if (scope) {
        for (const QString &id : *scope) {
            const quint32 idx = d->clusterByNumber.value(clusterNumber(id));
            if (idx != none)
                todo.push_back(idx);
        }
    } else {
        for (quint32 i = 0; i < d->clusters.size(); ++i)
            if (d->clusters[i].number)
                todo.push_back(i);
    }
    std::sort(todo.begin(), todo.end(), [this](quint32 a, quint32 b) {
        return d->clusters[a].number < d->clusters[b].number;
    });
    todo.erase(std::unique(todo.begin(), todo.end()), todo.end());

    struct Share {
        quint32 members, previous, cluster; // cluster: position in todo
    };
    std::vector<Share> shares;
    std::vector<std::pair<quint32, quint32>> counts; // previous number, members shared
    for (size_t t = 0; t < todo.size(); ++t) {
        counts.clear();
        for (quint32 m : d->clusters[todo[t]].members) {
            const quint32 previous = previousOf(d->orders[m].id().toString());
            if (!previous)
                continue;
            auto it = std::find_if(counts.begin(), counts.end(),
                                   [&](const auto &c) { return c.first == previous; });
            if (it != counts.end())
                ++it->second;
            else
                counts.emplace_back(previous, 1);
        }
        for (const auto &[previous, members] : counts)
            shares.push_back({members, previous, quint32(t)});
    }
    std::sort(shares.begin(), shares.end(), [](const Share &a, const Share &b) {
        if (a.members != b.members)
            return a.members > b.members;
        return a.previous != b.previous ? a.previous < b.previous : a.cluster < b.cluster;
    });

    // What is left in clusterByNumber is out of scope: its numbers are taken.
    std::vector<quint32> before(todo.size()), after(todo.size(), 0);
    for (size_t t = 0; t < todo.size(); ++t) {
        before[t] = d->clusters[todo[t]].number;
        d->clusterByNumber.remove(before[t]);
    }
    QSet<quint32> granted;
    for (const Share &s : shares) {
        if (after[s.cluster] || granted.contains(s.previous) ||
            d->clusterByNumber.contains(s.previous))
            continue;
        after[s.cluster] = s.previous;
        granted.insert(s.previous);
    }
    // Within a scope, a cluster already on a fresh number of its own keeps it (no churn).
    if (scope)
        for (size_t t = 0; t < todo.size(); ++t)
            if (!after[t] && before[t] >= firstFresh && !granted.contains(before[t]) &&
                !d->clusterByNumber.contains(before[t])) {
                after[t] = before[t];
                granted.insert(before[t]);
            }
    quint32 fresh = std::max<quint32>(firstFresh, 1);
    quint32 highest = 0;
    QHash<QString, QString> renamed;
    for (size_t t = 0; t < todo.size(); ++t) {
        if (!after[t]) {
            while (granted.contains(fresh) || d->clusterByNumber.contains(fresh))
                ++fresh;
            after[t] = fresh++;
        }
        d->clusters[todo[t]].number = after[t];
        d->clusterByNumber.insert(after[t], todo[t]);
        highest = std::max(highest, after[t]);
        if (after[t] != before[t])
            renamed.insert(clusterIdOf(before[t]), clusterIdOf(after[t]));
    }
    const quint32 floor = std::max(firstFresh, highest + 1);
    d->nextClusterNumber = scope ? std::max(d->nextClusterNumber, floor) : floor;
    return renamed;
}

} // namespace o2c
