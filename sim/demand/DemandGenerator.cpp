// SPDX-License-Identifier: GPL-3.0-or-later
#include "DemandGenerator.h"

#include <algorithm>
#include <array>
#include <vector>

namespace o2c::sim {

QString demandPatternKey(DemandPattern p) {
    switch (p) {
    case DemandPattern::Unique:
        return QStringLiteral("unique");
    case DemandPattern::EdiResend:
        return QStringLiteral("edi_resend");
    case DemandPattern::ManualReentryOfEdi:
        return QStringLiteral("manual_reentry_of_edi");
    case DemandPattern::PortalDoubleSubmit:
        return QStringLiteral("portal_double_submit");
    case DemandPattern::EmailCrmDoubleEntry:
        return QStringLiteral("email_crm_double_entry");
    case DemandPattern::StandingRepeat:
        return QStringLiteral("standing_repeat");
    case DemandPattern::Amendment:
        return QStringLiteral("amendment");
    case DemandPattern::SplitShipTo:
        return QStringLiteral("split_ship_to");
    case DemandPattern::SameProductsOtherCustomer:
        return QStringLiteral("same_products_other_customer");
    }
    return QStringLiteral("unique");
}

bool isDuplicatePattern(DemandPattern p) {
    return p == DemandPattern::EdiResend || p == DemandPattern::ManualReentryOfEdi ||
           p == DemandPattern::PortalDoubleSubmit || p == DemandPattern::EmailCrmDoubleEntry;
}

namespace {

// xoshiro256** seeded through splitmix64: the same numbers on every platform and compiler.
class Random final {
public:
    explicit Random(quint64 seed) {
        for (auto &s : m_s) {
            seed += 0x9E3779B97F4A7C15ull;
            quint64 z = seed;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
            s = z ^ (z >> 31);
        }
    }
    quint64 next() {
        const quint64 result = rotl(m_s[1] * 5, 7) * 9;
        const quint64 t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }
    // Uniform in [0, n) for n < 2^32 (multiply-shift; the bias is negligible for the small n used).
    quint64 below(quint64 n) {
        if (n <= 1)
            return 0;
        if (n >= (1ull << 32))
            return next() % n;
        return ((next() >> 32) * n) >> 32;
    }
    qint64 between(qint64 lo, qint64 hi) { return lo + qint64(below(quint64(hi - lo + 1))); }
    // Uniform in [0, 1) with 53 bits.
    double unit() { return double(next() >> 11) * 0x1.0p-53; }
    bool chance(double p) { return unit() < p; }

private:
    static quint64 rotl(quint64 x, int k) { return (x << k) | (x >> (64 - k)); }
    std::array<quint64, 4> m_s{};
};

quint64 mixHash(quint64 h, quint64 v) {
    h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    h = (h ^ (h >> 31)) * 0x7FB5D329728EA185ull;
    return h ^ (h >> 27);
}

quint64 textHash(quint64 h, QStringView s) {
    for (QChar c : s)
        h = mixHash(h, c.unicode());
    return h;
}

double roundCents(double v) {
    return double(qRound64(v * 100.0)) / 100.0;
}

struct CustomerProfile {
    int refStyle = 0;    // how this customer writes its purchase order numbers
    double discount = 0; // contract price below list price
    bool ordersByEdi = false;
    QString isaQualifierId; // EDI sender id
};

struct Pending {
    qint64 ms = 0;
    quint64 seq = 0;
    GeneratedOrder order;
};

bool later(const Pending &a, const Pending &b) {
    return a.ms != b.ms ? a.ms > b.ms : a.seq > b.seq;
}

const char *const companyNames[] = {
    "Deco Addict GmbH",        "Azure Interior SA",       "Gemini Furniture Inc.",
    "Ready Mat Ltd",           "Wood Corner BV",          "Lumber & Co. KG",
    "The Jackson Group LLC",   "Acme Büromöbel GmbH",     "Nordic Seating AB",
    "Bureau Moderne SARL",     "Casa Arredo S.p.A.",      "Oak & Iron Ltd",
    "Meubles Lefèvre SAS",     "Steelcase Partners Inc.", "Holzwerk Bauer GmbH",
    "Office Line BV",          "Alpine Interiors AG",     "Pacific Workspace LLC",
    "Baltic Furnishing OY",    "Iberia Muebles S.L.",     "Kontor Einrichtung GmbH",
    "Maple Leaf Office Ltd",   "Danube Trading GmbH",     "Atlas Fitout SA",
    "Thames Desk Company Ltd", "Rhein Möbelhandel GmbH",  "Summit Seating Inc.",
    "Vega Hospitality SL",     "Orion Retail BV",         "Fjord Living AS",
    "Helvetia Contract AG",    "Lotus Interiors Ltd",     "Granite Office Supply LLC",
    "Boreal Schools Corp.",    "Sequoia Hotels Inc.",     "Tulip Facilities BV",
    "Adria Namještaj d.o.o.",  "Pampas Muebles SA",       "Koala Workspace Pty Ltd",
    "Sakura Office KK",
};

const char *const cities[] = {"Hamburg", "Lyon",   "Austin", "Leeds", "Utrecht",
                              "Graz",    "Denver", "Munich", "Malmo", "Nantes"};

struct ProductSeed {
    const char *sku;
    const char *name;
    double price;
    int kind; // 0: bought and sold, 1: manufactured to stock, 2: made to order, 3: component
};

const ProductSeed productSeeds[] = {
    {"FURN-1118", "Corner Desk Left Sit", 85.00, 0},
    {"FURN-6666", "Acoustic Bloc Screens", 295.00, 0},
    {"FURN-7777", "Office Chair", 70.00, 0},
    {"FURN-8888", "Office Lamp", 40.00, 0},
    {"FURN-9999", "Office Design Software", 280.00, 0},
    {"FURN-2100", "Drawer Black", 25.00, 0},
    {"FURN-2200", "Flipover", 1950.00, 0},
    {"FURN-3300", "Desk Stand with Screen", 2100.00, 0},
    {"FURN-4400", "Storage Box", 15.80, 0},
    {"FURN-5500", "Cable Management Box", 100.00, 0},
    {"FURN-6100", "Whiteboard Pen Set", 12.50, 0},
    {"FURN-7100", "Monitor Arm", 145.00, 0},
    {"FURN-7800", "Desk Combination", 450.00, 1},
    {"FURN-0269", "Office Chair Black", 120.50, 1},
    {"FURN-8220", "Four Person Desk", 2350.00, 1},
    {"FURN-8900", "Drawer Cabinet", 185.00, 1},
    {"FURN-9100", "Conference Table 8 Seats", 3200.00, 2},
    {"FURN-9200", "Executive Desk Walnut", 2650.00, 2},
    {"FURN-9300", "Height-Adjustable Desk", 890.00, 2},
    {"FURN-9400", "Reception Counter", 4100.00, 2},
    {"FURN-9500", "Acoustic Phone Booth", 5600.00, 2},
    {"FURN-9600", "Lounge Sofa Three Seats", 1850.00, 2},
    {"COMP-0001", "Wood Panel Oak", 32.00, 3},
    {"COMP-0002", "Steel Frame", 48.00, 3},
    {"COMP-0003", "Screw Set", 2.40, 3},
    {"COMP-0004", "Glass Top", 75.00, 3},
    {"COMP-0005", "Fabric Roll", 18.00, 3},
    {"COMP-0006", "Foam Cushion", 9.50, 3},
    {"COMP-0007", "Drawer Rail Pair", 6.20, 3},
    {"COMP-0008", "Electric Lift Column", 160.00, 3},
};

} // namespace

struct DemandGenerator::Private {
    Random rng;
    QDateTime start;
    qint64 startMs = 0;
    double meanIntervalMs = 30000;
    DemandMix mix;

    QList<CatalogCustomer> customers;
    QList<CatalogProduct> products;
    std::vector<CustomerProfile> profiles;
    std::vector<int> sellable; // indexes into products

    std::vector<Pending> queue; // min-heap on (ms, seq)
    quint64 seq = 0;
    qint64 nextDemandMs = 0;
    quint64 demandCount = 0;
    quint64 documentCount = 0;
    std::vector<quint64> refCounter; // per customer
    std::vector<quint64> isaCounter; // per customer

    Private(quint64 seed, QDateTime s, double demandsPerHour, DemandMix m)
        : rng(seed)
        , start(std::move(s))
        , mix(m) {
        startMs = start.toMSecsSinceEpoch();
        meanIntervalMs = 3600000.0 / std::max(demandsPerHour, 0.001);
        buildCatalog();
        nextDemandMs = startMs;
    }

    void buildCatalog() {
        // Fixed ids: customers from 100, their second (manually created) records after them,
        // then delivery addresses; products from 200. The simulator creates exactly these.
        Random cat(0xC0FFEEull); // the catalog does not depend on the stream's seed
        const qsizetype n = qsizetype(std::size(companyNames));
        qint64 nextPartner = 100;
        for (qsizetype i = 0; i < n; ++i) {
            CatalogCustomer c;
            c.id = nextPartner++;
            c.name = QString::fromUtf8(companyNames[i]);
            static const char *const countries[] = {"DE", "FR", "US", "GB", "NL", "AT"};
            const QString country = QLatin1String(countries[i % 6]);
            c.vat = country + QString::number(100000000 + qint64(cat.below(899999999)));
            if (i % 5 == 0)
                c.gln = QStringLiteral("40%1").arg(qint64(cat.below(99999999999ull)), 11, 10,
                                                   QLatin1Char('0'));
            CustomerProfile p;
            p.ordersByEdi = i % 3 == 0;
            if (p.ordersByEdi) {
                QString id;
                for (QChar ch : c.name.toUpper())
                    if (ch.isLetter() && ch.unicode() < 128 && id.size() < 12)
                        id.append(ch);
                c.ediSender = id;
                p.isaQualifierId = id;
            }
            p.refStyle = int(i % 5);
            p.discount = double(cat.below(11)) / 100.0;
            customers.append(c);
            profiles.push_back(p);
        }
        // A second partner record typed by someone entering an order by hand: upper case, no
        // legal form, no VAT. Every third EDI customer and a few others have one.
        for (qsizetype i = 0; i < n; ++i) {
            if (i % 4 != 0)
                continue;
            CatalogCustomer &c = customers[i];
            c.duplicatePartnerId = nextPartner++;
            QString base = c.name;
            for (const char *form : {" GmbH", " SA", " Inc.", " Ltd", " BV", " & Co. KG", " LLC",
                                     " AB", " SARL", " S.p.A.", " SAS", " AG", " OY", " S.L.",
                                     " Pty Ltd", " KK", " AS", " Corp.", " d.o.o."})
                if (base.endsWith(QLatin1String(form)))
                    base.chop(qsizetype(qstrlen(form)));
            c.duplicatePartnerName = base.toUpper();
        }
        for (qsizetype i = 0; i < n; ++i) {
            CatalogCustomer &c = customers[i];
            const int sites = i % 3 == 1 ? 3 : (i % 4 == 2 ? 2 : 1);
            for (int s = 0; s < sites; ++s) {
                const QString city = QLatin1String(cities[(i + s * 3) % std::size(cities)]);
                c.shipTo.append(
                    {nextPartner++, QStringLiteral("%1, %2 %3, %4")
                                        .arg(c.name, s == 0 ? QStringLiteral("Main Warehouse")
                                                            : QStringLiteral("Site %1").arg(s + 1))
                                        .arg(10 + qint64(cat.below(80)))
                                        .arg(city)});
            }
        }
        // A third record for the customers with a duplicate, whose name was mistyped: two
        // neighbouring letters swapped. Numbered after all others, which keep their ids.
        for (qsizetype i = 0; i < n; ++i) {
            CatalogCustomer &c = customers[i];
            if (!c.duplicatePartnerId)
                continue;
            c.typoPartnerId = nextPartner++;
            c.typoPartnerName = mistyped(c.name, size_t(i));
        }
        qint64 nextProduct = 200;
        for (const ProductSeed &s : productSeeds) {
            CatalogProduct p;
            p.id = nextProduct++;
            p.sku = QLatin1String(s.sku);
            p.name = QLatin1String(s.name);
            p.listPrice = s.price;
            p.manufactured = s.kind == 1 || s.kind == 2;
            p.makeToOrder = s.kind == 2;
            if (p.manufactured) {
                const int pi = int(products.size());
                p.bom.append({QStringLiteral("COMP-000%1").arg(1 + pi % 2), double(1 + pi % 4)});
                p.bom.append({QStringLiteral("COMP-0003"), double(4 + pi % 8)});
                p.bom.append({QStringLiteral("COMP-000%1").arg(4 + pi % 5), double(1 + pi % 2)});
            }
            if (s.kind != 3)
                sellable.push_back(int(products.size()));
            products.append(p);
        }
        refCounter.assign(size_t(n), 0);
        isaCounter.assign(size_t(n), 0);
    }

    // ---- building orders --------------------------------------------------------------------
    QString referenceFor(int customer) {
        const quint64 k = ++refCounter[size_t(customer)] + 1000 + quint64(customer) * 7919;
        switch (profiles[size_t(customer)].refStyle) {
        case 0:
            return QStringLiteral("PO-%1").arg(k, 6, 10, QLatin1Char('0'));
        case 1:
            return QStringLiteral("4500%1").arg(k, 6, 10, QLatin1Char('0'));
        case 2:
            return QStringLiteral("PO#%1").arg(k);
        case 3:
            return QStringLiteral("ORD/%1/%2").arg(2025).arg(k);
        default:
            return QStringLiteral("%1").arg(k);
        }
    }

    // How a person re-typing a reference writes it: "PO-004711" as "po 4711", "PO4711", "4711".
    static QString mistyped(const QString &name, size_t salt) {
        QString out = name;
        const qsizetype n = out.size();
        if (n < 4)
            return out + out.back();
        const qsizetype start = 1 + qsizetype(salt * 7 % size_t(n - 2));
        for (qsizetype k = 0; k < n - 2; ++k) {
            const qsizetype i = 1 + (start - 1 + k) % (n - 2);
            if (out[i].isLetter() && out[i + 1].isLetter() &&
                out[i].toLower() != out[i + 1].toLower()) {
                const QChar a = out[i], b = out[i + 1];
                out[i] = a.isUpper() ? b.toUpper() : b.toLower();
                out[i + 1] = b.isUpper() ? a.toUpper() : a.toLower();
                return out;
            }
        }
        return out.remove(start, 1);
    }

    QString retyped(const QString &ref) {
        const QString norm = CanonicalOrder::normalizeReference(ref);
        switch (rng.below(5)) {
        case 0:
            return QStringLiteral("po ") + norm;
        case 1:
            return QStringLiteral("PO") + norm;
        case 2:
            return QStringLiteral(" ") + norm + QStringLiteral(" ");
        case 3:
            return QStringLiteral("PO #") + norm;
        default:
            return ref.toLower();
        }
    }

    double priceFor(int customer, const CatalogProduct &p) const {
        return roundCents(p.listPrice * (1.0 - profiles[size_t(customer)].discount));
    }

    // The total as Odoo computes it for the same lines: untaxed subtotal plus each product's tax,
    // so that an order seen at the middleware and the sale order it becomes show one amount.
    void total(CanonicalOrder &o) const {
        double t = 0;
        for (const OrderLine &l : o.lines) {
            const auto p =
                std::find_if(products.cbegin(), products.cend(),
                             [&](const CatalogProduct &c) { return c.id == l.productId; });
            const double tax = p == products.cend() ? 0 : p->taxRate;
            t += l.qty * l.price * (1.0 + tax);
        }
        o.amountTotal = roundCents(t);
    }

    QList<OrderLine> randomLines(int customer, int count) {
        QList<OrderLine> lines;
        std::vector<int> picked;
        while (int(picked.size()) < count) {
            const int pi = sellable[size_t(rng.below(sellable.size()))];
            if (std::find(picked.begin(), picked.end(), pi) != picked.end())
                continue;
            picked.push_back(pi);
            const CatalogProduct &p = products.at(pi);
            OrderLine l;
            l.sku = p.sku;
            l.productId = p.id;
            l.description = p.name;
            l.qty = double(rng.chance(0.3) ? 5 * rng.between(1, 8) : rng.between(1, 24));
            l.uom = QStringLiteral("Units");
            l.price = priceFor(customer, p);
            lines.append(l);
        }
        return lines;
    }

    QString document(Channel ch) {
        const quint64 n = ++documentCount;
        switch (ch) {
        case Channel::Edi:
            return QStringLiteral("MSG-%1").arg(n, 8, 10, QLatin1Char('0'));
        case Channel::Ecommerce:
            return QStringLiteral("WEB-%1").arg(n);
        case Channel::Crm:
            return QStringLiteral("OPP-%1").arg(n);
        case Channel::Portal:
            return QStringLiteral("PRT-%1").arg(n);
        case Channel::Email:
            return QStringLiteral("MAIL-%1").arg(n);
        case Channel::Manual:
            return QStringLiteral("MAN-%1").arg(n);
        case Channel::Unknown:
            break;
        }
        return QString::number(n);
    }

    static QString systemOf(Channel ch) {
        switch (ch) {
        case Channel::Edi:
            return QStringLiteral("edi-gateway");
        case Channel::Ecommerce:
            return QStringLiteral("webshop");
        case Channel::Crm:
            return QStringLiteral("crm");
        case Channel::Portal:
            return QStringLiteral("dealer-portal");
        case Channel::Email:
            return QStringLiteral("mailbox");
        case Channel::Manual:
            return QStringLiteral("odoo");
        case Channel::Unknown:
            break;
        }
        return QString();
    }

    void setChannel(CanonicalOrder &o, Channel ch) {
        o.channel = ch;
        o.source = OrderSource{};
        o.source.system = systemOf(ch);
        o.source.document = document(ch);
        o.id = channelKey(ch) + u':' + o.source.document;
    }

    enum class Record { Main, Duplicate, Mistyped };
    void setCustomer(CanonicalOrder &o, int customer, Record record) {
        const CatalogCustomer &c = customers.at(customer);
        o.customer = Customer{};
        if (record == Record::Duplicate && c.duplicatePartnerId) {
            o.customer.partnerId = c.duplicatePartnerId;
            o.customer.name = c.duplicatePartnerName;
        } else if (record == Record::Mistyped && c.typoPartnerId) {
            o.customer.partnerId = c.typoPartnerId;
            o.customer.name = c.typoPartnerName;
        } else {
            o.customer.partnerId = c.id;
            o.customer.name = c.name;
            o.customer.vat = c.vat;
            o.customer.gln = c.gln;
        }
    }

    void stampEdi(CanonicalOrder &o, int customer) {
        const quint64 isa = ++isaCounter[size_t(customer)];
        o.source.edi.sender = customers.at(customer).ediSender;
        o.source.edi.isa13 = QStringLiteral("%1").arg(isa, 9, 10, QLatin1Char('0'));
        o.source.edi.gs06 = QString::number(isa);
        o.source.edi.st02 = QStringLiteral("0001");
        quint64 h = textHash(0x850, o.source.edi.sender);
        h = textHash(h, o.source.edi.isa13);
        h = textHash(h, o.customerRef);
        for (const OrderLine &l : o.lines)
            h = mixHash(textHash(h, l.sku), quint64(qRound64(l.qty * 1000)));
        o.source.payloadHash = QStringLiteral("x12:%1").arg(h, 16, 16, QLatin1Char('0'));
    }

    CanonicalOrder baseOrder(int customer, Channel ch, qint64 ms) {
        CanonicalOrder o;
        setChannel(o, ch);
        setCustomer(o, customer, Record::Main);
        const bool noRef = ch == Channel::Ecommerce && rng.chance(0.7);
        o.customerRef = noRef ? QString() : referenceFor(customer);
        const int lineCount = int(1 + std::min<quint64>(rng.below(4), rng.below(5)));
        o.lines = randomLines(customer, lineCount);
        o.currency = QStringLiteral("USD"); // the simulated company's currency
        o.createdAt = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
        o.requestedDate = o.createdAt.date().addDays(rng.between(7, 28));
        const auto &sites = customers.at(customer).shipTo;
        const qsizetype site =
            sites.size() > 1 && rng.chance(0.3) ? qsizetype(rng.below(quint64(sites.size()))) : 0;
        o.shipTo = sites.at(site).second;
        o.shipToId = sites.at(site).first;
        total(o);
        if (ch == Channel::Edi)
            stampEdi(o, customer);
        return o;
    }

    void push(qint64 ms, GeneratedOrder g) {
        g.order.createdAt = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
        queue.push_back(Pending{ms, seq++, std::move(g)});
        std::push_heap(queue.begin(), queue.end(), later);
    }

    int customerWhere(bool (*fits)(const CatalogCustomer &, const CustomerProfile &)) {
        for (int tries = 0; tries < 200; ++tries) {
            const int c = int(rng.below(quint64(customers.size())));
            if (fits(customers.at(c), profiles[size_t(c)]))
                return c;
        }
        return 0;
    }

    Channel ordinaryChannel(int customer) {
        if (profiles[size_t(customer)].ordersByEdi && rng.chance(0.6))
            return Channel::Edi;
        static constexpr Channel others[] = {Channel::Ecommerce, Channel::Crm, Channel::Portal,
                                             Channel::Email, Channel::Manual};
        return others[rng.below(5)];
    }

    // One customer demand: its first order and whatever copies or look-alikes follow it.
    void generateDemand(qint64 ms) {
        const QString group = QStringLiteral("D-%1").arg(++demandCount, 7, 10, QLatin1Char('0'));
        const double dup = mix.duplicateShare;
        const double edges[] = {
            dup, dup + mix.standingRepeatShare, dup + mix.standingRepeatShare + mix.amendmentShare,
            dup + mix.standingRepeatShare + mix.amendmentShare + mix.splitShipToShare,
            dup + mix.standingRepeatShare + mix.amendmentShare + mix.splitShipToShare +
                mix.sameProductsOtherCustomerShare};
        const double u = rng.unit();
        const int kind =
            int(std::find_if(std::begin(edges), std::end(edges), [u](double e) { return u < e; }) -
                std::begin(edges));

        if (kind == 0) {
            generateDuplicate(ms, group);
            return;
        }
        int customer = int(rng.below(quint64(customers.size())));
        if (kind == 3)
            customer = customerWhere([](const CatalogCustomer &c, const CustomerProfile &) {
                return c.shipTo.size() > 1;
            });
        GeneratedOrder first{baseOrder(customer, ordinaryChannel(customer), ms), group,
                             DemandPattern::Unique, QString()};
        const CanonicalOrder original = first.order;
        // Some amendments arrive before the order they amend (the change was keyed in while
        // the original still sat in a middleware queue).
        const bool amendmentFirst = kind == 2 && rng.chance(0.3);
        push(amendmentFirst ? ms + rng.between(2 * 3600000ll, 86400000ll) : ms, std::move(first));
        int sub = 0;
        const auto nextGroup = [&] { return group + QStringLiteral("-%1").arg(++sub); };

        switch (kind) {
        case 1: { // standing weekly repeat: same lines, a new reference each week
            QString previous = original.id;
            const int weeks = int(rng.between(2, 4));
            for (int w = 1; w <= weeks; ++w) {
                CanonicalOrder o = original;
                setChannel(o, original.channel);
                if (!o.customerRef.isEmpty())
                    o.customerRef = referenceFor(customer);
                const qint64 at = ms + qint64(w) * 7 * 86400000 + rng.between(-3600000, 3600000);
                if (o.channel == Channel::Edi)
                    stampEdi(o, customer);
                push(at, {o, nextGroup(), DemandPattern::StandingRepeat, previous});
                previous = o.id;
            }
            break;
        }
        case 2: { // amendment: same reference, a changed quantity or an added line, later
            CanonicalOrder o = original;
            setChannel(o, rng.chance(0.5) ? original.channel : Channel::Email);
            if (o.customerRef.isEmpty())
                o.customerRef = referenceFor(customer);
            if (original.customerRef.isEmpty())
                break; // an amendment needs the reference to refer to; keep the order unique
            if (rng.chance(0.5) || o.lines.size() >= int(sellable.size())) {
                OrderLine &l = o.lines[qsizetype(rng.below(quint64(o.lines.size())))];
                l.qty += double(rng.between(1, 6)) * (rng.chance(0.3) && l.qty > 7 ? -1 : 1);
            } else {
                for (;;) {
                    const QList<OrderLine> extra = randomLines(customer, 1);
                    if (std::none_of(o.lines.cbegin(), o.lines.cend(), [&](const OrderLine &l) {
                            return l.sku == extra.first().sku;
                        })) {
                        o.lines.append(extra.first());
                        break;
                    }
                }
            }
            total(o);
            if (o.channel == Channel::Edi)
                stampEdi(o, customer);
            push(amendmentFirst ? ms : ms + rng.between(2 * 3600000ll, 3 * 86400000ll),
                 {o, nextGroup(), DemandPattern::Amendment, original.id});
            break;
        }
        case 3: { // one reference split across two delivery sites, different products
            CanonicalOrder o = original;
            setChannel(o, original.channel);
            if (o.customerRef.isEmpty())
                break;
            const auto &sites = customers.at(customer).shipTo;
            qsizetype site = 0;
            while (sites.at(site).first == original.shipToId)
                ++site;
            o.shipTo = sites.at(site).second;
            o.shipToId = sites.at(site).first;
            QList<OrderLine> lines;
            while (lines.isEmpty()) {
                for (const OrderLine &l : randomLines(customer, int(rng.between(1, 3))))
                    if (std::none_of(original.lines.cbegin(), original.lines.cend(),
                                     [&](const OrderLine &x) { return x.sku == l.sku; }))
                        lines.append(l);
            }
            o.lines = lines;
            total(o);
            if (o.channel == Channel::Edi)
                stampEdi(o, customer);
            push(ms + rng.between(0, 2 * 3600000ll),
                 {o, nextGroup(), DemandPattern::SplitShipTo, original.id});
            break;
        }
        case 4: { // another customer orders the same products at the same time
            int other = int(rng.below(quint64(customers.size())));
            if (other == customer)
                other = (other + 1) % int(customers.size());
            CanonicalOrder o = baseOrder(other, ordinaryChannel(other), ms);
            o.lines = original.lines;
            for (OrderLine &l : o.lines)
                l.price = priceFor(other, products.at(qsizetype(l.productId - 200)));
            total(o);
            if (o.channel == Channel::Edi)
                stampEdi(o, other);
            push(ms + rng.between(0, 30 * 60000ll),
                 {o, nextGroup(), DemandPattern::SameProductsOtherCustomer, original.id});
            break;
        }
        default:
            break;
        }
    }

    // One line entered as two of half the quantity.
    void splitLine(CanonicalOrder &o) {
        const qsizetype i = qsizetype(rng.below(quint64(o.lines.size())));
        if (o.lines[i].qty >= 2 && qint64(o.lines[i].qty) % 2 == 0) {
            o.lines[i].qty /= 2;
            o.lines.append(o.lines[i]);
        }
    }

    void generateDuplicate(qint64 ms, const QString &group) {
        const int which = int(rng.below(4));
        if (which == 0 || which == 1) {
            const int customer = customerWhere(
                [](const CatalogCustomer &, const CustomerProfile &p) { return p.ordersByEdi; });
            GeneratedOrder first{baseOrder(customer, Channel::Edi, ms), group,
                                 DemandPattern::Unique, QString()};
            const CanonicalOrder original = first.order;
            push(ms, std::move(first));
            CanonicalOrder o = original;
            if (which == 0) { // the interchange sent again: same control numbers and payload
                o.source.document = document(Channel::Edi);
                o.id = QStringLiteral("edi:") + o.source.document;
                // Mostly within minutes; some only after the next day's batch run.
                const qint64 after = rng.chance(0.3) ? rng.between(6 * 3600000ll, 30 * 3600000ll)
                                                     : rng.between(60000, 6 * 3600000ll);
                push(ms + after, {o, group, DemandPattern::EdiResend, original.id});
                return;
            }
            // Typed in again by hand: maybe on the second partner record, the reference
            // written differently, lines in another order, list price instead of contract price.
            setChannel(o, Channel::Manual);
            // Typed in on the duplicate record, on a record with a mistyped name, or on the
            // right one.
            const double record = rng.unit();
            setCustomer(o, customer,
                        record < 0.35                             ? Record::Duplicate
                        : record < 0.35 + mix.mistypedRecordShare ? Record::Mistyped
                                                                  : Record::Main);
            o.customerRef = retyped(original.customerRef);
            std::vector<OrderLine> lines(o.lines.cbegin(), o.lines.cend());
            for (size_t i = lines.size(); i > 1; --i)
                std::swap(lines[i - 1], lines[size_t(rng.below(i))]);
            o.lines = QList<OrderLine>(lines.begin(), lines.end());
            const double drift = 1.0 + (rng.chance(0.5) ? 1 : -1) * 0.02 * rng.unit();
            for (OrderLine &l : o.lines)
                l.price = roundCents(l.price * drift);
            if (rng.chance(0.2))
                splitLine(o);
            if (rng.chance(0.3)) {
                o.shipTo.clear();
                o.shipToId = 0;
            }
            total(o);
            push(ms + rng.between(10 * 60000ll, 2 * 86400000ll),
                 {o, group, DemandPattern::ManualReentryOfEdi, original.id});
            return;
        }
        const int customer = int(rng.below(quint64(customers.size())));
        if (which == 2) { // the dealer portal submitted twice within minutes
            GeneratedOrder first{baseOrder(customer, Channel::Portal, ms), group,
                                 DemandPattern::Unique, QString()};
            const CanonicalOrder original = first.order;
            push(ms, std::move(first));
            CanonicalOrder o = original;
            setChannel(o, Channel::Portal);
            // Mostly a double click; sometimes the dealer submits again hours later.
            const qint64 after = rng.chance(0.2) ? rng.between(3600000ll, 8 * 3600000ll)
                                                 : rng.between(2000, 5 * 60000ll);
            push(ms + after, {o, group, DemandPattern::PortalDoubleSubmit, original.id});
            return;
        }
        // An e-mailed PO entered once from the mailbox and once by sales in the CRM.
        const Channel firstChannel = rng.chance(0.5) ? Channel::Email : Channel::Crm;
        GeneratedOrder first{baseOrder(customer, firstChannel, ms), group, DemandPattern::Unique,
                             QString()};
        const CanonicalOrder original = first.order;
        push(ms, std::move(first));
        CanonicalOrder o = original;
        setChannel(o, firstChannel == Channel::Email ? Channel::Crm : Channel::Email);
        if (rng.chance(0.5))
            o.customerRef = retyped(original.customerRef);
        if (rng.chance(0.2))
            splitLine(o);
        total(o);
        push(ms + rng.between(30 * 60000ll, 86400000ll),
             {o, group, DemandPattern::EmailCrmDoubleEntry, original.id});
    }

    void fill() {
        // Generate demands until the earliest pending order cannot be preceded by a new demand.
        while (queue.empty() || queue.front().ms >= nextDemandMs) {
            const qint64 at = nextDemandMs;
            nextDemandMs += 1 + qint64(rng.below(quint64(2 * meanIntervalMs)));
            generateDemand(at);
        }
    }
};

DemandGenerator::DemandGenerator(quint64 seed, QDateTime start, double demandsPerHour,
                                 DemandMix mix)
    : d(std::make_unique<Private>(seed, std::move(start), demandsPerHour, mix)) {}

DemandGenerator::~DemandGenerator() = default;

const QList<CatalogCustomer> &DemandGenerator::customers() const {
    return d->customers;
}
const QList<CatalogProduct> &DemandGenerator::products() const {
    return d->products;
}

GeneratedOrder DemandGenerator::next() {
    d->fill();
    std::pop_heap(d->queue.begin(), d->queue.end(), later);
    GeneratedOrder g = std::move(d->queue.back().order);
    d->queue.pop_back();
    return g;
}

void DemandGenerator::setRate(double demandsPerHour, const QDateTime &from) {
    d->meanIntervalMs = 3600000.0 / std::max(demandsPerHour, 0.001);
    const qint64 fromMs = from.toMSecsSinceEpoch();
    if (d->nextDemandMs > fromMs)
        d->nextDemandMs = fromMs + 1 + qint64(d->rng.below(quint64(2 * d->meanIntervalMs)));
}

QDateTime DemandGenerator::peekNextTime() const {
    d->fill();
    return QDateTime::fromMSecsSinceEpoch(d->queue.front().ms, Qt::UTC);
}

} // namespace o2c::sim
