// SPDX-License-Identifier: GPL-3.0-or-later
#include "HubActionSender.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUuid>

namespace o2c {

HubAction HubAction::make(Kind kind, const QString &transactionId, const QString &actor,
                          const QString &reason) {
    return {kind, transactionId, QUuid::createUuid().toString(QUuid::WithoutBraces), actor, reason};
}

QString HubAction::kindKey(Kind k) {
    switch (k) {
    case Kind::Release:
        return QStringLiteral("release");
    case Kind::Reject:
        return QStringLiteral("reject");
    case Kind::Replay:
        return QStringLiteral("replay");
    }
    return {};
}

HttpHubActionSender::HttpHubActionSender(QNetworkAccessManager *network, QUrl hubUrl,
                                         QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_hub(std::move(hubUrl)) {}

void HttpHubActionSender::send(const HubAction &action,
                               std::function<void(const HubActionResult &)> done) {
    QUrl url = m_hub;
    url.setPath(m_hub.path() + QStringLiteral("/v1/transactions/") +
                QString::fromLatin1(QUrl::toPercentEncoding(action.transactionId)) +
                QLatin1Char('/') + HubAction::kindKey(action.kind));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Idempotency-Key", action.idempotencyKey.toUtf8());
    QJsonObject body{{QStringLiteral("actor"), action.actor}};
    if (!action.reason.isEmpty())
        body.insert(QStringLiteral("reason"), action.reason);
    QNetworkReply *reply =
        m_network->post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    connect(reply, &QNetworkReply::finished, this, [reply, action, done = std::move(done)] {
        reply->deleteLater();
        HubActionResult r;
        r.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.replayed = reply->rawHeader("Idempotent-Replayed") == "true";
        const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
        if (r.httpStatus == 200) {
            r.ok = IntakeTransaction::fromJson(
                answer.value(QLatin1String("transaction")).toObject(), &r.transaction, &r.message);
        } else if (r.httpStatus == 0 || r.httpStatus >= 500) {
            r.retryable = true;
            r.message = tr("The middleware hub could not be reached (%1); the %2 of %3 will be "
                           "sent again with the same key.")
                            .arg(reply->errorString(), HubAction::kindKey(action.kind),
                                 action.transactionId);
        } else {
            const QJsonObject e = answer.value(QLatin1String("error")).toObject();
            r.errorCode = e.value(QLatin1String("code")).toString();
            r.message = e.value(QLatin1String("message")).toString();
            if (r.message.isEmpty())
                r.message = tr("The middleware hub refused the %1 of %2 (HTTP %3).")
                                .arg(HubAction::kindKey(action.kind), action.transactionId)
                                .arg(r.httpStatus);
        }
        done(r);
    });
}

} // namespace o2c
