// SPDX-License-Identifier: GPL-3.0-or-later
#include "OdooSync.h"

#include "OdooOrderMapper.h"
#include "common/Log.h"
#include "flow/OrderBook.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QSet>

#include <algorithm>
#include <optional>

namespace o2c::odoo {

QString connectionStateText(ConnectionState s) {
    switch (s) {
    case ConnectionState::Disconnected:
        return QObject::tr("Not connected");
    case ConnectionState::Connecting:
        return QObject::tr("Signing in to Odoo…");
    case ConnectionState::Syncing:
        return QObject::tr("Reading changes from Odoo…");
    case ConnectionState::Connected:
        return QObject::tr("Connected to Odoo");
    case ConnectionState::Failing:
        return QObject::tr("Odoo unreachable, retrying");
    case ConnectionState::SignInRequired:
        return QObject::tr("Sign-in required");
    }
    return {};
}

namespace {

// While reading the user's context after sign-in: a failure worth retrying or a refused secret ends
// the pass; anything else (a server without the model, a field it lacks) only costs the extras.
bool stopsSignIn(const OdooError &error) {
    return error.isError() && (error.isTransient() || error.kind == OdooError::Kind::AccessDenied ||
                               error.kind == OdooError::Kind::SignInRequired);
}

const QString kWriteDate = QStringLiteral("write_date");
const QString kOdooTime = QStringLiteral("yyyy-MM-dd HH:mm:ss");

// Odoo's datetime as search_read answers it: "YYYY-MM-DD HH:MM:SS", UTC, a real date and time.
bool isOdooTime(const QJsonValue &v) {
    if (!v.isString())
        return false;
    const QString s = v.toString();
    static constexpr char shape[] = "dddd-dd-dd dd:dd:dd";
    if (s.size() != qsizetype(sizeof(shape)) - 1)
        return false;
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char16_t c = s.at(i).unicode();
        if (shape[i] == 'd' ? !(c >= u'0' && c <= u'9') : c != char16_t(shape[i]))
            return false;
    }
    const auto num = [&](qsizetype at, qsizetype n) { return QStringView(s).mid(at, n).toInt(); };
    return QDate::isValid(num(0, 4), num(5, 2), num(8, 2)) &&
           QTime::isValid(num(11, 2), num(14, 2), num(17, 2));
}

OdooError malformedWriteDate(const QString &model, qint64 id, const QJsonValue &value) {
    OdooError e;
    e.kind = OdooError::Kind::MalformedAnswer;
    QString shown;
    if (value.isString())
        shown = value.toString().left(40);
    else if (value.isUndefined())
        shown = QStringLiteral("(missing)");
    else // false, a number, a list...: as JSON
        shown = QString::fromUtf8(
                    QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact).chopped(1))
                    .mid(1)
                    .left(40);
    e.serverMessage = shown;
    e.message = QObject::tr("Odoo sent a change time the cockpit cannot read (write_date \"%1\" "
                            "on %2 %3). The sync stopped before keeping anything of this read and "
                            "will try again; if this repeats, check that record in Odoo and any "
                            "module or import that writes write_date.")
                    .arg(shown, model, QString::number(id));
    return e;
}

qint64 idOf(const QJsonObject &o) {
    return qint64(o.value(QStringLiteral("id")).toDouble());
}

size_t contentHash(const QJsonObject &o) {
    return qHash(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

// Where one model's incremental reads stand.
struct ModelCursor {
    QString model;
    QStringList fields;
    QJsonArray baseDomain;
    QString cursor; // newest write_date read, "" before the first pass
    struct Seen {
        QString writeDate;
        size_t hash = 0;
    };
    QHash<qint64, Seen> recent; // records inside the overlap window, to tell repeats from changes
    // A bounded pass: since its first page was asked for, and the newest cursor it may leave.
    QElapsedTimer passClock;
    QString cursorCap;
};

// Odoo records kept between passes as compact JSON: a QJsonObject costs about five times its
// JSON text in memory (about 8 KiB per order with its documents), and the records are only read
// again to map an order whose documents changed.
class PackedRecords final {
public:
    void insert(qint64 id, const QJsonObject &o) {
        m_json.insert(id, QJsonDocument(o).toJson(QJsonDocument::Compact));
    }
    // `json` must be the compact JSON text of the record (as the local store keeps it).
    void insertText(qint64 id, QByteArray json) { m_json.insert(id, std::move(json)); }
    QJsonObject value(qint64 id) const {
        const auto it = m_json.constFind(id);
        return it == m_json.cend() ? QJsonObject() : QJsonDocument::fromJson(*it).object();
    }
    QJsonObject take(qint64 id) {
        const QJsonObject o = value(id);
        m_json.remove(id);
        return o;
    }
    bool contains(qint64 id) const { return m_json.contains(id); }
    void remove(qint64 id) { m_json.remove(id); }
    void reserve(qsizetype n) { m_json.reserve(n); }
    qsizetype size() const { return m_json.size(); }
    bool isEmpty() const { return m_json.isEmpty(); }
    QList<qint64> keys() const { return m_json.keys(); }
    qsizetype jsonBytes() const {
        qsizetype n = 0;
        for (const QByteArray &b : m_json)
            n += b.size();
        return n;
    }

private:
    QHash<qint64, QByteArray> m_json;
};

QJsonArray idArray(const QSet<qint64> &ids) {
    QList<qint64> sorted(ids.cbegin(), ids.cend());
    std::sort(sorted.begin(), sorted.end());
    QJsonArray a;
    for (qint64 id : sorted)
        a.append(id);
    return a;
}

} // namespace

struct OdooSync::Private {
    OdooSync *q = nullptr;
    QPointer<OdooClient> client;
    QPointer<OrderBook> book;
    OdooOrderMapper mapper;
    QTimer pollTimer;
    QTimer retryTimer;
    QJsonObject context;        // set by setContext(): wins over what Odoo says of the user
    QJsonObject sessionContext; // lang, tz, allowed_company_ids from Odoo
    int overlapSeconds = 10;
    int reconcileEvery = 20;
    int passesSinceReconcile = 0;
    int generation = 0;
    bool running = false;
    bool passing = false;
    bool again = false;
    bool reauthenticated = false;
    int failures = 0;
    bool tracking = false;
    bool resuming = false; // in resumeFrom(): what is stored again is no change
    QHash<QString, QSet<qint64>> touched, dropped; // since the last takeChanges()

    void touch(const QString &model, qint64 id) {
        if (!tracking || resuming)
            return;
        touched[model].insert(id);
        dropped[model].remove(id);
    }
    void drop(const QString &model, qint64 id) {
        if (!tracking)
            return;
        dropped[model].insert(id);
        touched[model].remove(id);
    }
    // The record of `model` the sync holds, if any.
    std::optional<QJsonObject> recordOf(const QString &model, qint64 id) const {
        const auto packed = [id](const PackedRecords &r) -> std::optional<QJsonObject> {
            if (!r.contains(id))
                return std::nullopt;
            return r.value(id);
        };
        const auto plain = [id](const QHash<qint64, QJsonObject> &r) -> std::optional<QJsonObject> {
            const auto it = r.constFind(id);
            if (it == r.cend())
                return std::nullopt;
            return *it;
        };
        if (model == QLatin1String("sale.order"))
            return packed(saleOrders);
        if (model == QLatin1String("sale.order.line"))
            return packed(lines);
        if (model == QLatin1String("mrp.production"))
            return packed(productions);
        if (model == QLatin1String("stock.picking"))
            return packed(pickings);
        if (model == QLatin1String("account.move"))
            return packed(invoices);
        if (model == QLatin1String("res.partner"))
            return plain(partners);
        if (model == QLatin1String("crm.tag"))
            return plain(tags);
        return std::nullopt;
    }
    QList<ModelCursor *> cursors() {
        return {&saleOrderCursor, &productionCursor, &pickingCursor, &invoiceCursor};
    }

    ModelCursor saleOrderCursor, productionCursor, pickingCursor, invoiceCursor;

    // What Odoo last showed, by id, so any changed document re-maps its whole order.
    // Partners and tags are few and shared by many orders: kept decoded.
    PackedRecords saleOrders, productions, pickings, invoices, lines;
    QHash<qint64, QJsonObject> partners, tags;
    QHash<QString, qint64> saleOrderByName;
    QHash<qint64, qint64> saleOrderByGroup;
    QHash<qint64, QSet<qint64>> linesOf, productionsOf, pickingsOf, invoicesOf;
    QHash<qint64, qint64> ownerOfProduction, ownerOfPicking; // document → sale order
    QHash<qint64, QList<qint64>> ownersOfInvoice;

    // The pass under way.
    struct Pass {
        ModelCursor saleOrders, productions, pickings, invoices; // working copies, kept on success
        QSet<qint64> changedOrders;    // sale orders read in this pass: lines and partners reread
        QSet<qint64> dirtyOrders;      // sale orders to map and push
        QList<QJsonObject> unresolved; // documents whose order is not known yet (model in "_model")
        QStringList removedOrders;     // canonical ids of orders gone from Odoo
        SyncStats stats;
        QElapsedTimer clock;
    } pass;

    explicit Private(OdooClient *c, OrderBook *b)
        : client(c)
        , book(b)
        , mapper(c ? c->profile().database : QString()) {
        saleOrderCursor.model = QStringLiteral("sale.order");
        saleOrderCursor.fields = OdooOrderMapper::saleOrderFields();
        productionCursor.model = QStringLiteral("mrp.production");
        productionCursor.fields = OdooOrderMapper::productionFields();
        pickingCursor.model = QStringLiteral("stock.picking");
        pickingCursor.fields = OdooOrderMapper::pickingFields();
        pickingCursor.baseDomain = QJsonArray{
            QJsonArray{QStringLiteral("picking_type_code"), QStringLiteral("in"),
                       QJsonArray{QStringLiteral("outgoing"), QStringLiteral("incoming")}}};
        invoiceCursor.model = QStringLiteral("account.move");
        invoiceCursor.fields = OdooOrderMapper::invoiceFields();
        invoiceCursor.baseDomain = QJsonArray{
            QJsonArray{QStringLiteral("move_type"), QStringLiteral("in"),
                       QJsonArray{QStringLiteral("out_invoice"), QStringLiteral("out_refund")}}};
    }

    QJsonObject effectiveContext() const {
        QJsonObject c = sessionContext;
        for (auto it = context.constBegin(); it != context.constEnd(); ++it)
            c.insert(it.key(), it.value());
        return c;
    }

    // Which of `ids` still exist (and are active) in Odoo; `done` gets the others.
    void missingIds(const QString &model, const QList<qint64> &ids,
                    std::function<void(const QSet<qint64> &)> done,
                    std::shared_ptr<QSet<qint64>> gone = {}, qsizetype from = 0) {
        if (!gone)
            gone = std::make_shared<QSet<qint64>>();
        if (from >= ids.size()) {
            done(*gone);
            return;
        }
        QJsonArray chunk;
        const qsizetype end = std::min<qsizetype>(ids.size(), from + pageSize());
        for (qsizetype i = from; i < end; ++i)
            chunk.append(ids.at(i));
        QJsonObject kwargs;
        const QJsonObject ctx = effectiveContext();
        if (!ctx.isEmpty())
            kwargs.insert(QStringLiteral("context"), ctx);
        ++pass.stats.requests;
        const int gen = generation;
        client->executeKw(
            model, QStringLiteral("search"),
            QJsonArray{QJsonArray{QJsonArray{QStringLiteral("id"), QStringLiteral("in"), chunk}}},
            kwargs,
            [=, this, done = std::move(done)](const QJsonValue &result, const OdooError &error) {
                if (gen != generation)
                    return;
                if (error.isError()) {
                    q->fail(error);
                    return;
                }
                QSet<qint64> found;
                const QJsonArray a = result.toArray();
                for (const QJsonValue &v : a)
                    found.insert(qint64(v.toDouble()));
                for (qsizetype i = from; i < end; ++i)
                    if (!found.contains(ids.at(i)))
                        gone->insert(ids.at(i));
                missingIds(model, ids, std::move(done), gone, end);
            });
    }

    static QList<qint64> sortedKeys(const PackedRecords &h) {
        QList<qint64> k = h.keys();
        std::sort(k.begin(), k.end());
        return k;
    }

    // Drops documents Odoo no longer has; their orders are mapped again without them.
    void dropDocuments(const QString &model, const QSet<qint64> &gone) {
        for (qint64 id : gone) {
            drop(model, id);
            if (model == QLatin1String("mrp.production")) {
                productions.remove(id);
                const qint64 so = ownerOfProduction.take(id);
                productionsOf[so].remove(id);
                pass.dirtyOrders.insert(so);
            } else if (model == QLatin1String("stock.picking")) {
                pickings.remove(id);
                const qint64 so = ownerOfPicking.take(id);
                pickingsOf[so].remove(id);
                pass.dirtyOrders.insert(so);
            } else {
                invoices.remove(id);
                const QList<qint64> owners = ownersOfInvoice.take(id);
                for (qint64 so : owners) {
                    invoicesOf[so].remove(id);
                    pass.dirtyOrders.insert(so);
                }
            }
        }
        pass.stats.removedDocuments += int(gone.size());
    }

    QStringList dropOrders(const QSet<qint64> &gone) {
        QStringList removed;
        for (qint64 id : gone) {
            const QJsonObject so = saleOrders.take(id);
            drop(QStringLiteral("sale.order"), id);
            saleOrderByName.remove(OdooOrderMapper::text(so.value(QStringLiteral("name"))));
            const qint64 group =
                OdooOrderMapper::many2oneId(so.value(QStringLiteral("procurement_group_id")));
            if (group && saleOrderByGroup.value(group) == id)
                saleOrderByGroup.remove(group);
            for (qint64 l : linesOf.take(id)) {
                lines.remove(l);
                drop(QStringLiteral("sale.order.line"), l);
            }
            // Documents stay known (they may be relinked); the order leaves the book.
            pass.dirtyOrders.remove(id);
            removed << mapper.canonicalId(id);
        }
        pass.stats.removedOrders += int(removed.size());
        return removed;
    }

    int pageSize() const {
        return client && client->profile().pageSize > 0 ? client->profile().pageSize : 1000;
    }

    using Records = QList<QJsonObject>;
    using RecordsDone = std::function<void(const Records &)>;

    // search_read with explicit fields; `done` only runs on success, failures go to fail().
    void searchRead(const QString &model, const QJsonArray &domain, const QStringList &fields,
                    int limit, int offset, const QString &order,
                    std::function<void(const Records &)> done) {
        QJsonObject kwargs{{QStringLiteral("fields"), QJsonArray::fromStringList(fields)},
                           {QStringLiteral("order"), order}};
        if (limit > 0)
            kwargs.insert(QStringLiteral("limit"), limit);
        if (offset > 0)
            kwargs.insert(QStringLiteral("offset"), offset);
        const QJsonObject ctx = effectiveContext();
        if (!ctx.isEmpty())
            kwargs.insert(QStringLiteral("context"), ctx);
        ++pass.stats.requests;
        const int gen = generation;
        client->executeKw(
            model, QStringLiteral("search_read"), QJsonArray{domain}, kwargs,
            [this, gen, done = std::move(done)](const QJsonValue &result, const OdooError &error) {
                if (gen != generation)
                    return;
                if (error.isError()) {
                    q->fail(error);
                    return;
                }
                Records r;
                const QJsonArray a = result.toArray();
                r.reserve(a.size());
                for (const QJsonValue &v : a)
                    r.append(v.toObject());
                done(r);
            });
    }

    // Records of `model` written at or after the cursor (less the overlap), page by page, without
    // those already read unchanged. When they do not fit in one page, the pass is bounded by a
    // horizon: the newest write_date Odoo has then, read once. Later pages read up to the end of
    // the horizon's second (write_date < horizon + 1 s: Odoo stores microseconds and answers
    // whole seconds) and go on by id (id > last id read), which no write moves: a pass ends even
    // while Odoo is written faster than pages are read. What is written meanwhile gets a newer
    // write_date than the pass read (or the horizon's own second, which the next pass reads again
    // from the cursor less the overlap, by `>=`), so the next pass reads it.
    void fetchChanged(ModelCursor &c, RecordsDone done) {
        QString from;
        if (!c.cursor.isEmpty()) {
            QDateTime t = QDateTime::fromString(c.cursor, kOdooTime);
            t.setTimeSpec(Qt::UTC);
            from = t.addSecs(-overlapSeconds).toString(kOdooTime);
        }
        QJsonArray domain = c.baseDomain;
        if (!from.isEmpty())
            domain.append(QJsonArray{kWriteDate, QStringLiteral(">="), from});
        c.passClock.start();
        c.cursorCap.clear();
        fetchPage(c, domain, domain, {}, std::make_shared<Records>(), std::move(done));
    }

    // A record of the first page written again before the horizon was read keeps its id below
    // the later pages' and is read by the next pass only if that pass starts before it was
    // written. It was written after the first page was asked for, and the horizon is at most
    // that much later, so the next pass must start no later than the horizon less the time the
    // first page and the horizon took: the cursor is held back where the overlap alone does not
    // reach that far.
    void capCursorForHorizon(ModelCursor &c, const QDateTime &horizon) const {
        const qint64 took = (c.passClock.elapsed() + 999) / 1000 + 1;
        if (took <= overlapSeconds)
            return;
        c.cursorCap = horizon.addSecs(overlapSeconds - took).toString(kOdooTime);
    }

    void finishModel(ModelCursor &c, const Records &changed, const RecordsDone &done) {
        if (!c.cursorCap.isEmpty() && c.cursor > c.cursorCap)
            c.cursor = c.cursorCap;
        pruneRecent(c);
        done(changed);
    }

    // `scope` is the first page's domain (the base and the cursor); `until` (the second after the
    // horizon) is empty until a full page made it necessary.
    void fetchPage(ModelCursor &c, const QJsonArray &domain, const QJsonArray &scope,
                   const QString &until, std::shared_ptr<Records> changed, RecordsDone done) {
        const int limit = pageSize();
        searchRead(
            c.model, domain, c.fields, limit, 0, QStringLiteral("id asc"),
            [this, &c, limit, scope, until, changed, done](const Records &page) mutable {
                // The cursor and the paging bounds are write_dates compared as text: one Odoo
                // could not have written would move the cursor past records never read. Such a
                // page fails the pass before anything of it is kept.
                for (const QJsonObject &r : page) {
                    if (!isOdooTime(r.value(kWriteDate))) {
                        q->fail(malformedWriteDate(c.model, idOf(r), r.value(kWriteDate)));
                        return;
                    }
                }
                for (const QJsonObject &r : page) {
                    const QString wd = r.value(kWriteDate).toString();
                    const qint64 id = idOf(r);
                    const size_t h = contentHash(r);
                    auto it = c.recent.find(id);
                    if (it != c.recent.end() && it->hash == h)
                        continue; // read before and unchanged: the overlap or the same second
                    c.recent.insert(id, {wd, h});
                    changed->append(r);
                    if (wd > c.cursor)
                        c.cursor = wd;
                }
                if (page.size() < limit) {
                    finishModel(c, *changed, done);
                    return;
                }
                const qint64 lastId = idOf(page.last());
                const auto next = [this, &c, scope, lastId, changed, done](const QString &bound) {
                    if (bound.isEmpty()) { // the records are gone since the first page
                        finishModel(c, *changed, done);
                        return;
                    }
                    QJsonArray d = scope;
                    d.append(QJsonArray{kWriteDate, QStringLiteral("<"), bound});
                    d.append(QJsonArray{QStringLiteral("id"), QStringLiteral(">"), lastId});
                    fetchPage(c, d, scope, bound, changed, done);
                };
                if (!until.isEmpty()) {
                    next(until);
                    return;
                }
                // The horizon: the newest write_date in the scope, taken once per pass.
                searchRead(c.model, scope, {kWriteDate}, 1, 0,
                           QStringLiteral("write_date desc, id desc"),
                           [this, &c, next](const Records &r) {
                               QString bound;
                               if (!r.isEmpty() && !isOdooTime(r.first().value(kWriteDate))) {
                                   q->fail(malformedWriteDate(c.model, idOf(r.first()),
                                                              r.first().value(kWriteDate)));
                                   return;
                               }
                               if (!r.isEmpty()) {
                                   QDateTime t = QDateTime::fromString(
                                       r.first().value(kWriteDate).toString(), kOdooTime);
                                   t.setTimeSpec(Qt::UTC);
                                   if (t.isValid()) {
                                       bound = t.addSecs(1).toString(kOdooTime);
                                       capCursorForHorizon(c, t);
                                   }
                               }
                               next(bound);
                           });
            });
    }

    void pruneRecent(ModelCursor &c) const {
        if (c.cursor.isEmpty())
            return;
        QDateTime t = QDateTime::fromString(c.cursor, kOdooTime);
        t.setTimeSpec(Qt::UTC);
        const QString keepFrom = t.addSecs(-overlapSeconds).toString(kOdooTime);
        c.recent.removeIf([&](const auto &it) { return it.value().writeDate < keepFrom; });
    }

    // Records whose `field` is one of `values`, in chunks of a page.
    void fetchIn(const QString &model, const QString &field, const QJsonArray &values,
                 const QStringList &fields, RecordsDone done, std::shared_ptr<Records> acc = {},
                 qsizetype from = 0, int offset = 0) {
        if (!acc)
            acc = std::make_shared<Records>();
        if (from >= values.size()) {
            done(*acc);
            return;
        }
        const int limit = pageSize();
        QJsonArray chunk;
        for (qsizetype i = from; i < values.size() && chunk.size() < limit; ++i)
            chunk.append(values.at(i));
        const QJsonArray domain{QJsonArray{field, QStringLiteral("in"), chunk}};
        searchRead(model, domain, fields, limit, offset, QStringLiteral("id asc"),
                   [=, this, done = std::move(done)](const Records &page) mutable {
                       *acc += page;
                       if (page.size() == limit) // more than a page for this chunk (order lines)
                           fetchIn(model, field, values, fields, std::move(done), acc, from,
                                   offset + limit);
                       else
                           fetchIn(model, field, values, fields, std::move(done), acc,
                                   from + chunk.size(), 0);
                   });
    }

    // --- keeping the documents and their links ---------------------------------------------

    // Packs `r` into `into`, or keeps `text` when it is the record's compact JSON already.
    static void pack(PackedRecords &into, qint64 id, const QJsonObject &r, const QByteArray *text) {
        if (text)
            into.insertText(id, *text);
        else
            into.insert(id, r);
    }

    void storeSaleOrder(const QJsonObject &so, const QByteArray *text = nullptr) {
        const qint64 id = idOf(so);
        if (saleOrders.contains(id)) {
            const QJsonObject old = saleOrders.value(id);
            saleOrderByName.remove(OdooOrderMapper::text(old.value(QStringLiteral("name"))));
        }
        pack(saleOrders, id, so, text);
        touch(QStringLiteral("sale.order"), id);
        const QString name = OdooOrderMapper::text(so.value(QStringLiteral("name")));
        if (!name.isEmpty())
            saleOrderByName.insert(name, id);
        const qint64 group =
            OdooOrderMapper::many2oneId(so.value(QStringLiteral("procurement_group_id")));
        if (group)
            saleOrderByGroup.insert(group, id);
        pass.dirtyOrders.insert(id);
    }

    qint64 orderByOriginName(const QString &origin) const {
        // Picking origins read "S20039 - PO-5001"; MO origins are the bare name.
        const qsizetype dash = origin.indexOf(QStringLiteral(" - "));
        return saleOrderByName.value(dash > 0 ? origin.left(dash) : origin, 0);
    }

    static void relink(QHash<qint64, qint64> &owner, QHash<qint64, QSet<qint64>> &docsOf,
                       qint64 doc, qint64 so) {
        const qint64 before = owner.value(doc, 0);
        if (before && before != so)
            docsOf[before].remove(doc);
        if (so) {
            owner.insert(doc, so);
            docsOf[so].insert(doc);
        }
    }

    // Returns false when the document's order is not known yet.
    bool storeDocument(const QString &model, const QJsonObject &r,
                       const QByteArray *text = nullptr) {
        const qint64 id = idOf(r);
        if (model == QLatin1String("mrp.production")) {
            pack(productions, id, r, text);
            touch(model, id);
            qint64 so = orderByOriginName(OdooOrderMapper::text(r.value(QStringLiteral("origin"))));
            if (!so)
                so = saleOrderByGroup.value(
                    OdooOrderMapper::many2oneId(r.value(QStringLiteral("procurement_group_id"))));
            const qint64 before = ownerOfProduction.value(id, 0);
            if (before)
                pass.dirtyOrders.insert(before);
            relink(ownerOfProduction, productionsOf, id, so);
            if (so)
                pass.dirtyOrders.insert(so);
            return so != 0 || OdooOrderMapper::text(r.value(QStringLiteral("origin"))).isEmpty();
        }
        if (model == QLatin1String("stock.picking")) {
            pack(pickings, id, r, text);
            touch(model, id);
            qint64 so = OdooOrderMapper::many2oneId(r.value(QStringLiteral("sale_id")));
            if (so && !saleOrders.contains(so))
                return false;
            if (!so)
                so = orderByOriginName(OdooOrderMapper::text(r.value(QStringLiteral("origin"))));
            const qint64 before = ownerOfPicking.value(id, 0);
            if (before)
                pass.dirtyOrders.insert(before);
            relink(ownerOfPicking, pickingsOf, id, so);
            if (so)
                pass.dirtyOrders.insert(so);
            return true;
        }
        // account.move: invoice_origin may name several orders.
        pack(invoices, id, r, text);
        touch(model, id);
        for (qint64 so : ownersOfInvoice.value(id)) {
            invoicesOf[so].remove(id);
            pass.dirtyOrders.insert(so);
        }
        QList<qint64> owners;
        bool complete = true;
        for (const QString &name : OdooOrderMapper::invoiceOrigins(r)) {
            const qint64 so = saleOrderByName.value(name, 0);
            if (!so) {
                complete = false;
                continue;
            }
            owners << so;
            invoicesOf[so].insert(id);
            pass.dirtyOrders.insert(so);
        }
        ownersOfInvoice.insert(id, owners);
        return complete;
    }

    // Names of orders that documents refer to but that are not known yet.
    QJsonArray missingOrderNames() const {
        QSet<QString> names;
        for (const QJsonObject &r : pass.unresolved) {
            const QString model = r.value(QStringLiteral("_model")).toString();
            if (model == QLatin1String("account.move")) {
                for (const QString &n : OdooOrderMapper::invoiceOrigins(r))
                    if (!saleOrderByName.contains(n))
                        names.insert(n);
            } else if (model == QLatin1String("stock.picking") &&
                       OdooOrderMapper::many2oneId(r.value(QStringLiteral("sale_id")))) {
                names.insert(OdooOrderMapper::many2oneName(r.value(QStringLiteral("sale_id"))));
            } else {
                QString origin = OdooOrderMapper::text(r.value(QStringLiteral("origin")));
                const qsizetype dash = origin.indexOf(QStringLiteral(" - "));
                if (dash > 0)
                    origin = origin.left(dash);
                if (!origin.isEmpty() && !saleOrderByName.contains(origin))
                    names.insert(origin);
            }
        }
        QStringList sorted(names.cbegin(), names.cend());
        sorted.sort();
        return QJsonArray::fromStringList(sorted);
    }

    CanonicalOrder mapOrder(qint64 soId) const {
        OdooRecordSet set;
        const QJsonObject so = saleOrders.value(soId);
        set.saleOrders << so;
        for (qint64 id : linesOf.value(soId))
            set.orderLines << lines.value(id);
        for (const char *f : {"partner_id", "partner_shipping_id"}) {
            const qint64 pid = OdooOrderMapper::many2oneId(so.value(QString::fromLatin1(f)));
            if (partners.contains(pid))
                set.partners << partners.value(pid);
        }
        const QJsonArray tagIds = so.value(QStringLiteral("tag_ids")).toArray();
        for (const QJsonValue &t : tagIds)
            if (tags.contains(qint64(t.toDouble())))
                set.tags << tags.value(qint64(t.toDouble()));
        for (qint64 id : productionsOf.value(soId))
            set.productions << productions.value(id);
        for (qint64 id : pickingsOf.value(soId))
            set.pickings << pickings.value(id);
        for (qint64 id : invoicesOf.value(soId))
            set.invoices << invoices.value(id);
        return mapper.mapOrder(so, set);
    }
};

OdooSync::OdooSync(OdooClient *client, OrderBook *book, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(client, book)) {
    d->q = this;
    d->pollTimer.setSingleShot(true);
    d->retryTimer.setSingleShot(true);
    connect(&d->pollTimer, &QTimer::timeout, this, &OdooSync::runPass);
    connect(&d->retryTimer, &QTimer::timeout, this, [this] {
        if (d->client && d->client->isAuthenticated())
            runPass();
        else
            signIn();
    });
}

OdooSync::~OdooSync() = default;

void OdooSync::setContext(const QJsonObject &context) {
    d->context = context;
}
void OdooSync::setOverlapSeconds(int seconds) {
    d->overlapSeconds = std::max(0, seconds);
}
void OdooSync::resumeFrom(const SyncCheckpoint &checkpoint) {
    Private *p = d.get();
    p->tracking = true;
    p->resuming = true;
    // The records of `model` with their stored text, where the checkpoint carries it.
    const auto each = [&](const char *model, const auto &store) {
        const QString name = QString::fromLatin1(model);
        const QList<QJsonObject> records = checkpoint.records.value(name);
        const QList<QByteArray> texts = checkpoint.recordTexts.value(name);
        const bool withText = texts.size() == records.size();
        for (qsizetype i = 0; i < records.size(); ++i)
            store(name, records.at(i), withText ? &texts.at(i) : nullptr);
    };
    each("sale.order", [p](const QString &, const QJsonObject &so, const QByteArray *text) {
        p->storeSaleOrder(so, text);
    });
    each("sale.order.line", [p](const QString &, const QJsonObject &l, const QByteArray *text) {
        const qint64 id = idOf(l);
        Private::pack(p->lines, id, l, text);
        p->linesOf[OdooOrderMapper::many2oneId(l.value(QStringLiteral("order_id")))].insert(id);
    });
    each("res.partner", [p](const QString &, const QJsonObject &r, const QByteArray *) {
        p->partners.insert(idOf(r), r);
    });
    each("crm.tag", [p](const QString &, const QJsonObject &r, const QByteArray *) {
        p->tags.insert(idOf(r), r);
    });
    for (const char *model : {"mrp.production", "stock.picking", "account.move"})
        each(model, [p](const QString &name, const QJsonObject &r, const QByteArray *text) {
            p->storeDocument(name, r, text);
        });
    p->resuming = false;
    // What was read before is in the book already: nothing to push until something changes.
    p->pass.dirtyOrders.clear();
    p->touched.clear();
    p->dropped.clear();
    if (!checkpoint.cursors.isEmpty())
        for (ModelCursor *c : p->cursors())
            c->cursor = checkpoint.cursors.value(c->model);
}

void OdooSync::reserveToResume(const SyncCheckpoint &whole) {
    QHash<QString, qsizetype> perModel;
    for (auto it = whole.records.cbegin(); it != whole.records.cend(); ++it)
        perModel.insert(it.key(), it->size());
    reserveToResume(perModel);
}

void OdooSync::reserveToResume(const QHash<QString, qsizetype> &perModel) {
    Private *p = d.get();
    const auto count = [&](const char *model) {
        return perModel.value(QString::fromLatin1(model));
    };
    // Half again as headroom for what the day adds, as the order book does.
    const auto room = [](qsizetype now, qsizetype n) { return now + n + n / 2; };
    const qsizetype orders = count("sale.order"), lines = count("sale.order.line");
    const qsizetype mos = count("mrp.production"), picks = count("stock.picking");
    const qsizetype invoices = count("account.move");
    p->saleOrders.reserve(room(p->saleOrders.size(), orders));
    p->saleOrderByName.reserve(room(p->saleOrderByName.size(), orders));
    p->saleOrderByGroup.reserve(room(p->saleOrderByGroup.size(), orders));
    p->lines.reserve(room(p->lines.size(), lines));
    p->linesOf.reserve(room(p->linesOf.size(), orders));
    p->partners.reserve(room(p->partners.size(), count("res.partner")));
    p->productions.reserve(room(p->productions.size(), mos));
    p->ownerOfProduction.reserve(room(p->ownerOfProduction.size(), mos));
    p->productionsOf.reserve(room(p->productionsOf.size(), orders));
    p->pickings.reserve(room(p->pickings.size(), picks));
    p->ownerOfPicking.reserve(room(p->ownerOfPicking.size(), picks));
    p->pickingsOf.reserve(room(p->pickingsOf.size(), orders));
    p->invoices.reserve(room(p->invoices.size(), invoices));
    p->ownersOfInvoice.reserve(room(p->ownersOfInvoice.size(), invoices));
    p->invoicesOf.reserve(room(p->invoicesOf.size(), orders));
}

void OdooSync::setTrackChanges(bool on) {
    d->tracking = on;
    if (!on) {
        d->touched.clear();
        d->dropped.clear();
    }
}

SyncCheckpoint OdooSync::takeChanges() {
    SyncCheckpoint c;
    for (ModelCursor *m : d->cursors())
        if (!m->cursor.isEmpty())
            c.cursors.insert(m->model, m->cursor);
    for (auto it = d->touched.cbegin(); it != d->touched.cend(); ++it) {
        if (it->isEmpty())
            continue;
        QList<QJsonObject> &out = c.records[it.key()];
        out.reserve(it->size());
        for (qint64 id : *it)
            if (std::optional<QJsonObject> r = d->recordOf(it.key(), id))
                out.append(std::move(*r));
    }
    for (auto it = d->dropped.cbegin(); it != d->dropped.cend(); ++it)
        if (!it->isEmpty())
            c.removed.insert(it.key(), QList<qint64>(it->cbegin(), it->cend()));
    d->touched.clear();
    d->dropped.clear();
    return c;
}

int OdooSync::consecutiveFailures() const {
    return d->failures;
}
qint64 OdooSync::nextRetryInMs() const {
    return d->retryTimer.isActive() ? d->retryTimer.remainingTime() : -1;
}

void OdooSync::setState(ConnectionState s) {
    if (s == m_state)
        return;
    m_state = s;
    emit stateChanged(s);
}

void OdooSync::start() {
    if (!d->client || !d->book)
        return;
    d->running = true;
    passOrSignIn();
}

void OdooSync::stop() {
    d->running = false;
    d->passing = false;
    d->again = false;
    ++d->generation; // answers still on their way are dropped
    d->pollTimer.stop();
    d->retryTimer.stop();
    setState(ConnectionState::Disconnected);
}

void OdooSync::syncNow() {
    if (!d->running) {
        start();
        return;
    }
    if (d->passing) {
        d->again = true;
        return;
    }
    passOrSignIn();
}

// A pass now, after signing in when the client is not signed in (yet, or any more).
void OdooSync::passOrSignIn() {
    d->pollTimer.stop();
    d->retryTimer.stop();
    if (d->client->isAuthenticated())
        runPass();
    else
        signIn();
}

void OdooSync::signIn() {
    if (!d->running)
        return;
    setState(ConnectionState::Connecting);
    const int gen = d->generation;
    d->client->authenticate([this, gen](const OdooError &error) {
        if (gen != d->generation)
            return;
        if (error.isError()) {
            fail(error);
            return;
        }
        prepareSession();
    });
}

void OdooSync::runPass() {
    if (!d->running)
        return;
    if (d->passing) {
        d->again = true;
        return;
    }
    d->passing = true;
    d->again = false;
    d->pass = {};
    d->pass.clock.start();
    d->pass.saleOrders = d->saleOrderCursor;
    d->pass.productions = d->productionCursor;
    d->pass.pickings = d->pickingCursor;
    d->pass.invoices = d->invoiceCursor;
    setState(ConnectionState::Syncing);

    using Records = Private::Records;
    Private *p = d.get();
    // 1. Changed sale orders.
    p->fetchChanged(p->pass.saleOrders, [this, p](const Records &orders) {
        p->pass.stats.saleOrders = int(orders.size());
        for (const QJsonObject &so : orders) {
            p->storeSaleOrder(so);
            p->pass.changedOrders.insert(idOf(so));
        }
        // 2-4. Changed documents; each re-maps the order it belongs to.
        const auto documents = [p](const QString &model, int SyncStats::*count) {
            return [p, model, count](const Records &docs) {
                p->pass.stats.*count = int(docs.size());
                for (QJsonObject r : docs) {
                    if (!p->storeDocument(model, r)) {
                        r.insert(QStringLiteral("_model"), model);
                        p->pass.unresolved.append(r);
                    }
                }
            };
        };
        auto mos = documents(QStringLiteral("mrp.production"), &SyncStats::manufacturingOrders);
        auto picks = documents(QStringLiteral("stock.picking"), &SyncStats::pickings);
        auto invs = documents(QStringLiteral("account.move"), &SyncStats::invoices);
        p->fetchChanged(p->pass.productions, [this, p, mos, picks, invs](const Records &r1) {
            mos(r1);
            p->fetchChanged(p->pass.pickings, [this, p, picks, invs](const Records &r2) {
                picks(r2);
                p->fetchChanged(p->pass.invoices, [this, p, invs](const Records &r3) {
                    invs(r3);
                    // 5. Orders that changed documents name but that were never read.
                    const QJsonArray missing = p->missingOrderNames();
                    p->fetchIn(
                        QStringLiteral("sale.order"), QStringLiteral("name"), missing,
                        OdooOrderMapper::saleOrderFields(), [this, p](const Records &found) {
                            for (const QJsonObject &so : found) {
                                p->storeSaleOrder(so);
                                p->pass.changedOrders.insert(idOf(so));
                            }
                            p->pass.stats.saleOrders += int(found.size());
                            const Records unresolved = p->pass.unresolved;
                            p->pass.unresolved.clear();
                            for (QJsonObject r : unresolved) {
                                const QString model = r.take(QStringLiteral("_model")).toString();
                                p->storeDocument(model, r);
                            }
                            // 6. Lines of the orders read in this pass.
                            const QJsonArray changed = idArray(p->pass.changedOrders);
                            p->fetchIn(
                                QStringLiteral("sale.order.line"), QStringLiteral("order_id"),
                                changed, OdooOrderMapper::orderLineFields(),
                                [this, p](const Records &lines) {
                                    for (qint64 so : std::as_const(p->pass.changedOrders)) {
                                        for (qint64 l : p->linesOf.value(so)) {
                                            p->lines.remove(l);
                                            p->drop(QStringLiteral("sale.order.line"), l);
                                        }
                                        p->linesOf.remove(so);
                                    }
                                    for (const QJsonObject &l : lines) {
                                        const qint64 so = OdooOrderMapper::many2oneId(
                                            l.value(QStringLiteral("order_id")));
                                        p->lines.insert(idOf(l), l);
                                        p->touch(QStringLiteral("sale.order.line"), idOf(l));
                                        p->linesOf[so].insert(idOf(l));
                                    }
                                    p->pass.stats.orderLines = int(lines.size());
                                    // 7. Customers and delivery addresses not read yet.
                                    QSet<qint64> partnerIds, tagIds;
                                    for (qint64 so : std::as_const(p->pass.dirtyOrders)) {
                                        const QJsonObject o = p->saleOrders.value(so);
                                        for (const char *f :
                                             {"partner_id", "partner_shipping_id"}) {
                                            const qint64 pid = OdooOrderMapper::many2oneId(
                                                o.value(QString::fromLatin1(f)));
                                            if (pid && (!p->partners.contains(pid) ||
                                                        p->pass.changedOrders.contains(so)))
                                                partnerIds.insert(pid);
                                        }
                                        const QJsonArray t =
                                            o.value(QStringLiteral("tag_ids")).toArray();
                                        for (const QJsonValue &v : t)
                                            if (!p->tags.contains(qint64(v.toDouble())))
                                                tagIds.insert(qint64(v.toDouble()));
                                    }
                                    p->fetchIn(
                                        QStringLiteral("res.partner"), QStringLiteral("id"),
                                        idArray(partnerIds), OdooOrderMapper::partnerFields(),
                                        [this, p, tagIds](const Records &partners) {
                                            for (const QJsonObject &r : partners) {
                                                p->partners.insert(idOf(r), r);
                                                p->touch(QStringLiteral("res.partner"), idOf(r));
                                            }
                                            p->pass.stats.partners = int(partners.size());
                                            // 8. Tag names (HOLD).
                                            p->fetchIn(QStringLiteral("crm.tag"),
                                                       QStringLiteral("id"), idArray(tagIds),
                                                       OdooOrderMapper::tagFields(),
                                                       [this, p](const Records &tags) {
                                                           for (const QJsonObject &r : tags) {
                                                               p->tags.insert(idOf(r), r);
                                                               p->touch(QStringLiteral("crm.tag"),
                                                                        idOf(r));
                                                           }
                                                           reconcileOrFinish();
                                                       });
                                        });
                                });
                        });
                });
            });
        });
    });
}

void OdooSync::reconcileOrFinish() {
    Private *p = d.get();
    ++p->passesSinceReconcile;
    // The first pass read everything there is; later ones only see what was written, never what
    // was deleted, so the known ids are checked now and then.
    if (p->reconcileEvery <= 0 || p->passesSinceReconcile < p->reconcileEvery ||
        p->saleOrders.isEmpty()) {
        finishPass();
        return;
    }
    p->missingIds(
        QStringLiteral("sale.order"), Private::sortedKeys(p->saleOrders),
        [this, p](const QSet<qint64> &goneOrders) {
            p->pass.removedOrders = p->dropOrders(goneOrders);
            p->missingIds(
                QStringLiteral("mrp.production"), Private::sortedKeys(p->productions),
                [this, p](const QSet<qint64> &goneMos) {
                    p->dropDocuments(QStringLiteral("mrp.production"), goneMos);
                    p->missingIds(
                        QStringLiteral("stock.picking"), Private::sortedKeys(p->pickings),
                        [this, p](const QSet<qint64> &gonePicks) {
                            p->dropDocuments(QStringLiteral("stock.picking"), gonePicks);
                            p->missingIds(
                                QStringLiteral("account.move"), Private::sortedKeys(p->invoices),
                                [this, p](const QSet<qint64> &goneInvs) {
                                    p->dropDocuments(QStringLiteral("account.move"), goneInvs);
                                    p->passesSinceReconcile = 0;
                                    finishPass();
                                });
                        });
                });
        });
}

void OdooSync::setReconcileEvery(int passes) {
    d->reconcileEvery = std::max(0, passes);
}

void OdooSync::prepareSession() {
    if (!d->running)
        return;
    const int gen = d->generation;
    OdooClient *client = d->client;
    const auto readCompanies = [this, gen, client] {
        // A user of several companies sees only the current one's records unless the context
        // allows them all (Odoo's multi-company record rules).
        client->executeKw(
            QStringLiteral("res.users"), QStringLiteral("read"),
            QJsonArray{QJsonArray{client->uid()}},
            QJsonObject{{QStringLiteral("fields"), QJsonArray{QStringLiteral("company_ids")}}},
            [this, gen, client](const QJsonValue &result, const OdooError &error) {
                if (gen != d->generation)
                    return;
                if (stopsSignIn(error)) {
                    fail(error);
                    return;
                }
                QJsonObject session = client->userContext();
                const QJsonArray companies = result.toArray()
                                                 .at(0)
                                                 .toObject()
                                                 .value(QStringLiteral("company_ids"))
                                                 .toArray();
                if (!companies.isEmpty())
                    session.insert(QStringLiteral("allowed_company_ids"), companies);
                d->sessionContext = session;
                runPass();
            });
    };
    if (!client->userContext().isEmpty()) {
        readCompanies();
        return;
    }
    client->fetchUserContext([this, gen, readCompanies](const OdooError &error) {
        if (gen != d->generation)
            return;
        if (stopsSignIn(error)) {
            fail(error);
            return;
        }
        readCompanies();
    });
}

void OdooSync::finishPass() {
    // 9. One batch into the order book, then the cursors move on.
    QList<CanonicalOrder> orders;
    orders.reserve(d->pass.dirtyOrders.size());
    QList<qint64> ids(d->pass.dirtyOrders.cbegin(), d->pass.dirtyOrders.cend());
    std::sort(ids.begin(), ids.end());
    for (qint64 id : ids)
        if (d->saleOrders.contains(id))
            orders.append(d->mapOrder(id));
    if (d->book) {
        if (!d->pass.removedOrders.isEmpty())
            d->book->remove(d->pass.removedOrders);
        d->book->upsert(orders);
    }
    d->saleOrderCursor = d->pass.saleOrders;
    d->productionCursor = d->pass.productions;
    d->pickingCursor = d->pass.pickings;
    d->invoiceCursor = d->pass.invoices;

    d->pass.stats.elapsedMs = d->pass.clock.elapsed();
    d->pass.stats.finishedAt = QDateTime::currentDateTimeUtc();
    m_lastStats = d->pass.stats;
    m_lastError = {};
    d->failures = 0;
    d->reauthenticated = false;
    d->passing = false;
    spdlog::debug(
        "Odoo sync: {} orders, {} lines, {} MOs, {} pickings, {} invoices in {} requests, {} ms",
        m_lastStats.saleOrders, m_lastStats.orderLines, m_lastStats.manufacturingOrders,
        m_lastStats.pickings, m_lastStats.invoices, m_lastStats.requests, m_lastStats.elapsedMs);
    setState(ConnectionState::Connected);
    emit syncFinished(m_lastStats);
    if (!d->running)
        return;
    if (d->again)
        QTimer::singleShot(0, this, &OdooSync::runPass);
    else
        d->pollTimer.start(std::max(0, d->client->profile().pollIntervalMs));
}

void OdooSync::fail(const OdooError &error) {
    d->passing = false;
    ++d->generation; // the rest of this pass is dropped
    m_lastError = error;
    d->pollTimer.stop();
    d->retryTimer.stop();
    emit syncFailed(error);
    if (!d->running)
        return;
    using K = OdooError::Kind;
    if (error.kind == K::AccessDenied || error.kind == K::SignInRequired) {
        // Retrying a refused password only locks the account (Odoo rate-limits failed logins).
        d->client->signOut();
        spdlog::warn("Odoo sync stopped: {}", error.message);
        setState(ConnectionState::SignInRequired);
        return;
    }
    if (error.kind == K::SessionExpired && !d->reauthenticated) {
        d->reauthenticated = true;
        d->client->signOut();
        signIn();
        return;
    }
    ++d->failures;
    // Transient trouble: backoff with jitter from 1 s up to a minute, never sooner than the
    // server's Retry-After. Anything else waits the full minute, as it needs someone to fix the
    // server or the profile.
    RetryPolicy passPolicy;
    passPolicy.baseDelayMs = 1000;
    passPolicy.maxDelayMs = 60000;
    const int delay = error.isTransient()
                          ? std::max(500, passPolicy.delayMs(d->failures, error, nullptr))
                          : 60000;
    spdlog::warn("Odoo sync failed ({}), retry in {} s: {}", OdooError::kindKey(error.kind),
                 delay / 1000, error.message);
    setState(ConnectionState::Failing);
    d->retryTimer.start(delay);
}

RetainedRecords OdooSync::retainedRecords() const {
    RetainedRecords r;
    for (const PackedRecords *h :
         {&d->saleOrders, &d->productions, &d->pickings, &d->invoices, &d->lines}) {
        r.records += h->size();
        r.jsonBytes += h->jsonBytes();
    }
    for (const QHash<qint64, QJsonObject> *h : {&d->partners, &d->tags}) {
        r.records += h->size();
        for (const QJsonObject &o : *h)
            r.jsonBytes += QJsonDocument(o).toJson(QJsonDocument::Compact).size();
    }
    return r;
}

} // namespace o2c::odoo
