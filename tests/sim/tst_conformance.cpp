// SPDX-License-Identifier: GPL-3.0-or-later
// Replays the recorded Odoo 18 exchanges against the simulator seeded with the lab fixture and
// compares structure (keys, JSON types, error names, HTTP status, content type) and the values
// that carry meaning (states, links, quantities, amounts, action results).

#include "OdooDatabase.h"
#include "OdooRpc.h"
#include "OrderFlow.h"
#include "RpcClient.h"
#include "Simulator.h"
#include "SimulatorClock.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QSet>
#include <QTest>
#include <QTimeZone>

#include <functional>

using namespace o2c::sim;

namespace {

QString S(const char *s) {
    return QLatin1String(s);
}

// Exchanges the simulator does not reproduce, with the reason (also listed in docs/simulator.md).
const QHash<int, const char *> &skipped() {
    static const QHash<int, const char *> s = [] {
        QHash<int, const char *> h;
        for (int n : {13, 14, 16, 23, 24, 25, 27, 69})
            h.insert(n, "reads the lab's demo records, which the fixture does not reproduce");
        for (int n = 107; n <= 116; ++n)
            h.insert(n, "XML-RPC is not served");
        for (int n = 117; n <= 123; ++n)
            h.insert(n, "/web/session and /web/dataset are not served");
        for (int n = 172; n <= 190; ++n)
            h.insert(n, "returns and credit notes are not simulated");
        for (int n = 191; n <= 194; ++n)
            h.insert(n, "depends on trial-run deliveries of the lab database");
        return h;
    }();
    return s;
}

// Values compared exactly; everything else is compared by JSON type only.
const QSet<QString> &meaningfulKeys() {
    static const QSet<QString> k{S("id"),
                                 S("state"),
                                 S("reservation_state"),
                                 S("invoice_status"),
                                 S("delivery_status"),
                                 S("origin"),
                                 S("name"),
                                 S("client_order_ref"),
                                 S("partner_id"),
                                 S("product_id"),
                                 S("product_qty"),
                                 S("product_uom_qty"),
                                 S("quantity"),
                                 S("qty_delivered"),
                                 S("qty_invoiced"),
                                 S("qty_to_invoice"),
                                 S("qty_producing"),
                                 S("qty_produced"),
                                 S("amount_total"),
                                 S("amount_untaxed"),
                                 S("amount_tax"),
                                 S("amount_residual"),
                                 S("payment_state"),
                                 S("move_type"),
                                 S("picking_type_code"),
                                 S("sale_id"),
                                 S("procurement_group_id"),
                                 S("group_id"),
                                 S("mrp_production_ids"),
                                 S("mrp_production_count"),
                                 S("picking_ids"),
                                 S("order_line"),
                                 S("move_ids"),
                                 S("move_raw_ids"),
                                 S("move_finished_ids"),
                                 S("invoice_ids"),
                                 S("res_id"),
                                 S("res_model"),
                                 S("priority"),
                                 S("is_locked"),
                                 S("locked"),
                                 S("activity_ids"),
                                 S("activity_summary"),
                                 S("summary"),
                                 S("components_availability_state"),
                                 S("products_availability_state"),
                                 S("stock_move_ids"),
                                 S("sale_order_count"),
                                 S("delivery_count"),
                                 S("invoice_count"),
                                 S("invoice_lines"),
                                 S("line_ids"),
                                 S("invoice_line_ids"),
                                 S("matched_payment_ids"),
                                 S("reconciled_invoice_ids"),
                                 S("amount"),
                                 S("communication"),
                                 S("memo"),
                                 S("amount_invoiced"),
                                 S("amount_to_invoice"),
                                 S("payment_reference"),
                                 S("invoice_origin"),
                                 S("ref"),
                                 S("tag_ids"),
                                 S("picking_id"),
                                 S("sale_line_id"),
                                 S("res_model_id"),
                                 S("activity_type_id"),
                                 S("user_id"),
                                 S("res_name"),
                                 S("type"),
                                 S("res_model"),
                                 S("bom_id"),
                                 S("status_in_payment"),
                                 S("reference")};
    return k;
}

QString typeName(const QJsonValue &v) {
    switch (v.type()) {
    case QJsonValue::Null:
        return S("null");
    case QJsonValue::Bool:
        return S("bool");
    case QJsonValue::Double:
        return S("number");
    case QJsonValue::String:
        return S("string");
    case QJsonValue::Array:
        return S("array");
    case QJsonValue::Object:
        return S("object");
    default:
        return S("undefined");
    }
}

void compare(const QJsonValue &want, const QJsonValue &got, const QString &path, bool values,
             QStringList &problems) {
    if (want.type() != got.type()) {
        problems << QStringLiteral("%1: type %2 expected, got %3 (%4)")
                        .arg(path, typeName(want), typeName(got),
                             QString::fromUtf8(
                                 QJsonDocument(QJsonArray{got}).toJson(QJsonDocument::Compact))
                                 .left(200));
        return;
    }
    if (want.isObject()) {
        const QJsonObject w = want.toObject();
        const QJsonObject g = got.toObject();
        for (auto it = w.begin(); it != w.end(); ++it) {
            if (!g.contains(it.key())) {
                problems << QStringLiteral("%1.%2: missing").arg(path, it.key());
                continue;
            }
            const bool meaningful = values && meaningfulKeys().contains(it.key());
            compare(it.value(), g.value(it.key()), path + QLatin1Char('.') + it.key(), meaningful,
                    problems);
        }
        for (auto it = g.begin(); it != g.end(); ++it) {
            if (!w.contains(it.key()))
                problems << QStringLiteral("%1.%2: unexpected member").arg(path, it.key());
        }
        return;
    }
    if (want.isArray()) {
        const QJsonArray w = want.toArray();
        const QJsonArray g = got.toArray();
        const bool records = !w.isEmpty() && w.first().isObject();
        if ((values || records) && w.size() != g.size()) {
            problems << QStringLiteral("%1: %2 elements expected, got %3 %4")
                            .arg(path)
                            .arg(w.size())
                            .arg(g.size())
                            .arg(QString::fromUtf8(QJsonDocument(g).toJson(QJsonDocument::Compact))
                                     .left(200));
            return;
        }
        for (qsizetype i = 0; i < qMin(w.size(), g.size()); ++i)
            compare(w.at(i), g.at(i), path + QStringLiteral("[%1]").arg(i), values || records,
                    problems);
        return;
    }
    if (values && want != got) {
        problems << QStringLiteral("%1: %2 expected, got %3")
                        .arg(path,
                             QString::fromUtf8(
                                 QJsonDocument(QJsonArray{want}).toJson(QJsonDocument::Compact)),
                             QString::fromUtf8(
                                 QJsonDocument(QJsonArray{got}).toJson(QJsonDocument::Compact)));
    }
}

QDateTime at(const char *hms) {
    QDateTime t = QDateTime::fromString(QStringLiteral("2026-11-26 ") + QLatin1String(hms),
                                        QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    t.setTimeZone(QTimeZone::utc());
    return t;
}

} // namespace

class TestConformance final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<Simulator> m_sim;
    QNetworkAccessManager m_nam;
    QHash<int, std::function<void()>> m_preludes;

    OdooDatabase &db() { return m_sim->database(); }
    OrderFlow &flow() { return m_sim->flow(); }

    qint64 order(qint64 partner, const char *ref, QList<QPair<qint64, double>> lines,
                 bool confirm) {
        QJsonArray commands;
        for (const auto &[product, qty] : lines)
            commands.append(QJsonArray{
                0, 0, QJsonObject{{S("product_id"), product}, {S("product_uom_qty"), qty}}});
        const qint64 id = m_sim->rpc().createRecord(
            S("sale.order"), QJsonObject{{S("partner_id"), partner},
                                         {S("client_order_ref"), QLatin1String(ref)},
                                         {S("order_line"), commands}});
        if (confirm)
            flow().confirmOrder(id);
        return id;
    }
    void clockAt(const char *hms) { m_sim->clock().setNow(at(hms)); }

    void setupPreludes() {
        auto &p = m_preludes;
        p[29] = [this] {
            // sale.order 1 belongs to the administrator: the monitor may not read it.
            db().setNextId(S("sale.order"), 1);
            order(10, "DEMO-1", {{17, 1}}, false);
        };
        p[40] = [this] {
            db().setNextId(S("sale.order"), 4);
            order(12, "DEMO-4", {{17, 1}}, true);
        };
        p[50] = [this] {
            clockAt("13:53:15.100");
            db().setNextId(S("sale.order"), 25);
            db().setNextId(S("sale.order.line"), 51);
            db().setNextId(S("procurement.group"), 11);
            db().setNextId(S("stock.picking"), 17);
            db().setNextSequence(S("WH/OUT/"), 12);
            db().setNextId(S("mrp.production"), 7);
            db().setNextSequence(S("WH/MO/"), 7);
            db().setNextId(S("stock.move"), 76);
            db().setNextId(S("mail.message"), 398);
            db().setNextId(S("mail.activity"), 15);
            flow().setOnHand(64, 0);
        };
        p[67] = [this] { clockAt("13:53:17.500"); };
        p[75] = [this] {
            clockAt("13:53:18.000");
            order(11, "PO-4712", {{64, 2}}, true); // S00026, MO 8
        };
        p[79] = [this] { order(12, "PO-4713", {{64, 1}}, false); }; // S00027
        p[85] = [this] { order(10, "PO-4714", {{64, 2}}, true); };  // S00028, MO 10
        p[91] = [this] {
            const qint64 so = order(11, "PO-4715", {{64, 1}}, true); // S00029, MO 11
            Q_UNUSED(so)
            flow().unreserveProduction(11);
        };
        p[93] = [this] { db().setNextId(S("mail.message"), 426); };
        p[97] = [this] { order(12, "PO-4716", {{65, 2}}, false); }; // S00030
        p[124] = [this] {
            clockAt("14:15:20.100");
            db().setNextId(S("sale.order"), 20039);
            db().setNextId(S("sale.order.line"), 52567);
            db().setNextId(S("stock.picking"), 2348);
            db().setNextSequence(S("WH/OUT/"), 2342);
            db().setNextId(S("procurement.group"), 2352);
            db().setNextId(S("mrp.production"), 20);
            db().setNextSequence(S("WH/MO/"), 20);
            db().setNextId(S("stock.move"), 5583);
            db().setNextId(S("account.move"), 27);
            db().setNextSequence(S("INV/2026/"), 7);
            db().setNextSequence(S("account.move.line#"), 66);
            db().setNextId(S("confirm.stock.sms"), 3);
            db().setNextId(S("sale.advance.payment.inv"), 3);
            db().setNextId(S("account.payment.register"), 2);
            db().setNextId(S("account.payment"), 2);
            db().setNextSequence(S("PAY"), 2);
            // the lab starts the lifecycle with no free CW-MTO
            db().write(S("product.product"), 64,
                       {{S("qty_available"),
                         db().value(S("product.product"), 64, S("__reserved")).toDouble()}});
        };
        p[127] = [this] { clockAt("14:15:21.100"); };
        p[134] = [this] { clockAt("14:15:22.100"); };
        p[138] = [this] { clockAt("14:15:24.100"); };
        p[144] = [this] { clockAt("14:15:25.100"); };
        p[148] = [this] { m_sim->rpc().user(9)->billing = false; };
        p[149] = [this] {
            m_sim->rpc().user(9)->billing = true;
            clockAt("14:15:27.100");
        };
        p[153] = [this] { clockAt("14:15:28.100"); };
        p[163] = [this] {
            clockAt("14:15:30.100");
            order(11, "PO-5002", {{64, 1}}, true); // S20040, MO 21
        };
        p[164] = [this] { clockAt("14:15:31.100"); };
        p[195] = [this] {
            clockAt("14:15:42.100");
            db().setNextId(S("sale.order"), 20043);
            order(12, "PO-5004", {{64, 1}}, false);
        };
        p[197] = [this] {
            db().setNextId(S("stock.picking"), 2353);
            db().setNextSequence(S("WH/OUT/"), 2346);
            db().setNextId(S("procurement.group"), 2361);
            db().setNextId(S("mrp.production"), 25);
            db().setNextSequence(S("WH/MO/"), 25);
            db().setNextId(S("stock.move"), 5607);
            const qint64 so = order(13, "PO-5005", {{64, 1}}, true); // S20044, MO 25
            const qint64 picking =
                db().value(S("sale.order"), so, S("picking_ids")).value<QList<qint64>>().value(0);
            m_sim->rpc().writeRecord(S("stock.picking"), picking, {{S("priority"), S("1")}});
            flow().markDone(25);
        };
    }

private slots:
    void initTestCase() {
        SimulatorOptions options;
        options.labFixtureOnly = true;
        options.start = at("13:49:40.000");
        options.scenario.speed = 0;
        m_sim = std::make_unique<Simulator>(options);
        QString error;
        QVERIFY2(m_sim->start(&error), qPrintable(error));
        setupPreludes();
    }

    void replay() {
        const QDir dir(QStringLiteral(O2C_SHARED_DIR "/odoo-wire"));
        const QStringList files =
            dir.entryList({QStringLiteral("[0-9][0-9][0-9]-*.json")}, QDir::Files, QDir::Name);
        QVERIFY2(!files.isEmpty(), "no recorded exchanges found in the shared folder");
        int covered = 0;
        int skippedCount = 0;
        QStringList failures;
        QUrl base = m_sim->url();
        for (const QString &name : files) {
            const int number = name.left(3).toInt();
            if (skipped().contains(number)) {
                ++skippedCount;
                continue;
            }
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QJsonObject rec = QJsonDocument::fromJson(f.readAll()).object();
            if (auto p = m_preludes.constFind(number); p != m_preludes.constEnd())
                p.value()();
            QUrl url = base;
            url.setPath(rec.value(S("path")).toString());
            const QJsonValue requestBody = rec.value(S("request_body"));
            const QByteArray body =
                requestBody.isString()
                    ? requestBody.toString().toUtf8()
                    : QJsonDocument(requestBody.toObject()).toJson(QJsonDocument::Compact);
            const QByteArray contentType = rec.value(S("request_headers"))
                                               .toObject()
                                               .value(S("Content-Type"))
                                               .toString(S("application/json"))
                                               .toUtf8();
            const HttpResult r = httpPost(m_nam, url, body, contentType);
            ++covered;
            QStringList problems;
            if (r.status != rec.value(S("status")).toInt())
                problems << QStringLiteral("HTTP status %1 expected, got %2")
                                .arg(rec.value(S("status")).toInt())
                                .arg(r.status);
            const QString wantType =
                rec.value(S("response_headers")).toObject().value(S("Content-Type")).toString();
            if (QString::fromUtf8(r.contentType) != wantType)
                problems << QStringLiteral("Content-Type %1 expected, got %2")
                                .arg(wantType, QString::fromUtf8(r.contentType));
            const QJsonValue want = rec.value(S("response_body"));
            if (want.isString()) {
                if (QString::fromUtf8(r.body) != want.toString())
                    problems << QStringLiteral("body %1 expected, got %2")
                                    .arg(want.toString(), QString::fromUtf8(r.body));
            } else {
                const QJsonObject got = r.json();
                const QJsonObject w = want.toObject();
                const bool structureOnly = number == 11 || number == 12 || number == 202;
                if (w.contains(S("error"))) {
                    QJsonObject we = w.value(S("error")).toObject();
                    QJsonObject ge = got.value(S("error")).toObject();
                    compare(we, ge, S("error"), false, problems);
                    const QJsonObject wd = we.value(S("data")).toObject();
                    const QJsonObject gd = ge.value(S("data")).toObject();
                    if (wd.value(S("name")) != gd.value(S("name")))
                        problems << QStringLiteral("error.data.name %1 expected, got %2")
                                        .arg(wd.value(S("name")).toString(),
                                             gd.value(S("name")).toString());
                    if (we.value(S("message")) != ge.value(S("message")) ||
                        we.value(S("code")) != ge.value(S("code")))
                        problems << S("error.code / error.message differ");
                    if (number != 44 && wd.value(S("message")) != gd.value(S("message")))
                        problems << QStringLiteral("error.data.message %1 expected, got %2")
                                        .arg(wd.value(S("message")).toString(),
                                             gd.value(S("message")).toString());
                    if (got.value(S("id")) != w.value(S("id")))
                        problems << S("request id not echoed");
                } else {
                    compare(w, got, S("response"), false, problems);
                    if (!structureOnly && w.contains(S("result")))
                        compare(w.value(S("result")), got.value(S("result")), S("result"), true,
                                problems);
                }
            }
            if (!problems.isEmpty())
                failures << name + QLatin1String(":\n    ") + problems.join(S("\n    "));
        }
        qInfo("conformance: %d exchanges covered, %d skipped, %d disagree", covered, skippedCount,
              int(failures.size()));
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestConformance)
#include "tst_conformance.moc"
