// SPDX-License-Identifier: GPL-3.0-or-later
#include "AuditTrail.h"

#include "store/Store.h"

#include <QCryptographicHash>
#include <QIODevice>
#include <QSqlQuery>

namespace o2c {

QString AuditTrail::hashOf(const AuditEntry &e) {
    const QChar sep(0x1f); // unit separator: cannot be confused with field content boundaries
    const QString text = e.prevHash + sep + QString::number(e.seq) + sep + e.at + sep + e.osUser +
                         sep + e.odooUser + sep + QString::number(e.actionId) + sep + e.what + sep +
                         e.sent + sep + e.answer;
    return QString::fromLatin1(
        QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex());
}

bool AuditTrail::append(AuditEntry &entry, QString *error) {
    QSqlQuery head(m_store.database());
    if (!m_store.exec(head,
                      QStringLiteral("SELECT seq, hash FROM audit_head WHERE id = 1") +
                          m_store.forUpdate(),
                      {}, error))
        return false;
    if (!head.next()) {
        if (error)
            *error = QStringLiteral("the audit trail's head row is missing: the trail was "
                                    "tampered with; run `o2c audit verify`");
        return false;
    }
    entry.seq = head.value(0).toLongLong() + 1;
    entry.prevHash = head.value(1).toString();
    if (entry.at.isEmpty())
        entry.at = Store::nowText();
    entry.hash = hashOf(entry);
    return m_store.exec(QStringLiteral("INSERT INTO audit_log (seq, at, os_user, odoo_user, "
                                       "action_id, what, sent, answer, prev_hash, hash) VALUES "
                                       "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                        {entry.seq, entry.at, entry.osUser, entry.odooUser, entry.actionId,
                         entry.what, entry.sent, entry.answer, entry.prevHash, entry.hash},
                        error) &&
           m_store.exec(QStringLiteral("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1"),
                        {entry.seq, entry.hash}, error);
}

bool AuditTrail::record(AuditEntry &entry, QString *error) {
    if (!m_store.begin(error))
        return false;
    if (!append(entry, error) || !m_store.commit(error)) {
        m_store.rollback();
        return false;
    }
    m_store.notify(QStringLiteral("audit"), QString::number(entry.seq));
    return true;
}

QList<AuditEntry> AuditTrail::entries(qint64 fromSeq, qint64 limit) const {
    QList<AuditEntry> out;
    QSqlQuery q(m_store.database());
    q.setForwardOnly(true);
    QString sql = QStringLiteral("SELECT seq, at, os_user, odoo_user, action_id, what, sent, "
                                 "answer, prev_hash, hash FROM audit_log WHERE seq >= ? "
                                 "ORDER BY seq");
    if (limit >= 0)
        sql += QStringLiteral(" LIMIT %1").arg(limit);
    if (!m_store.exec(q, sql, {fromSeq}, nullptr))
        return out;
    while (q.next()) {
        AuditEntry e;
        e.seq = q.value(0).toLongLong();
        e.at = q.value(1).toString();
        e.osUser = q.value(2).toString();
        e.odooUser = q.value(3).toString();
        e.actionId = q.value(4).toLongLong();
        e.what = q.value(5).toString();
        e.sent = q.value(6).toString();
        e.answer = q.value(7).toString();
        e.prevHash = q.value(8).toString();
        e.hash = q.value(9).toString();
        out.append(e);
    }
    return out;
}

AuditTrail::Verdict AuditTrail::verify() const {
    Verdict v;
    const QList<AuditEntry> all = entries();
    QString previous;
    qint64 expected = 1;
    auto broken = [&v](qint64 seq, const QString &problem) {
        v.intact = false;
        v.firstBroken = seq;
        v.problem = problem;
        return v;
    };
    for (const AuditEntry &e : all) {
        if (e.seq != expected)
            return broken(expected,
                          QStringLiteral("entry %1 is missing: the trail jumps from entry %2 to "
                                         "entry %3 (entries were deleted)")
                              .arg(expected)
                              .arg(expected - 1)
                              .arg(e.seq));
        if (hashOf(e) != e.hash)
            return broken(e.seq, QStringLiteral("entry %1 was edited: its content no longer "
                                                "matches its hash")
                                     .arg(e.seq));
        if (e.prevHash != previous)
            return broken(e.seq, QStringLiteral("entry %1 does not follow entry %2: an entry was "
                                                "inserted or replaced before it")
                                     .arg(e.seq)
                                     .arg(e.seq - 1));
        previous = e.hash;
        ++expected;
        ++v.entries;
    }
    QSqlQuery head(m_store.database());
    if (!m_store.exec(head, QStringLiteral("SELECT seq, hash FROM audit_head WHERE id = 1"), {},
                      nullptr) ||
        !head.next())
        return broken(expected, QStringLiteral("the trail's head row is missing"));
    const qint64 headSeq = head.value(0).toLongLong();
    if (headSeq != expected - 1 || head.value(1).toString() != previous) {
        if (headSeq > expected - 1)
            return broken(expected, QStringLiteral("the trail ends at entry %1 but entry %2 was "
                                                   "written: entries were cut off the end")
                                        .arg(expected - 1)
                                        .arg(headSeq));
        return broken(headSeq + 1 <= expected - 1 ? headSeq + 1 : expected - 1,
                      QStringLiteral("entries after %1 were appended outside the cockpit (the "
                                     "trail's head records entry %1 as the last)")
                          .arg(headSeq));
    }
    return v;
}

namespace {
QString csvField(const QString &s) {
    if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) &&
        !s.contains(QLatin1Char('\n')) && !s.contains(QLatin1Char('\r')))
        return s;
    QString quoted = s;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}
} // namespace

bool AuditTrail::exportCsv(QIODevice &out, QString *error) const {
    auto line = [&out](const QStringList &fields) {
        QStringList quoted;
        for (const QString &f : fields)
            quoted << csvField(f);
        return out.write(
                   QString(quoted.join(QLatin1Char(',')) + QStringLiteral("\r\n")).toUtf8()) >= 0;
    };
    bool ok = line({QStringLiteral("seq"), QStringLiteral("at"), QStringLiteral("os_user"),
                    QStringLiteral("odoo_user"), QStringLiteral("action_id"),
                    QStringLiteral("what"), QStringLiteral("sent"), QStringLiteral("answer"),
                    QStringLiteral("prev_hash"), QStringLiteral("hash")});
    const QList<AuditEntry> all = entries();
    for (const AuditEntry &e : all) {
        ok =
            ok && line({QString::number(e.seq), e.at, e.osUser, e.odooUser,
                        QString::number(e.actionId), e.what, e.sent, e.answer, e.prevHash, e.hash});
    }
    if (!ok && error)
        *error = QStringLiteral("writing the CSV failed: %1").arg(out.errorString());
    return ok;
}

} // namespace o2c
