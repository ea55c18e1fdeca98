// SPDX-License-Identifier: GPL-3.0-or-later
#include "SecretStore.h"

#include <qt6keychain/keychain.h>

#include <QEventLoop>

namespace o2c::app {
namespace {
const QString kService = QStringLiteral("O2C Cockpit");

// QtKeychain jobs are asynchronous; the callers here need the answer before going on.
bool runJob(QKeychain::Job &job, QString *error) {
    job.setAutoDelete(false);
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    job.start();
    loop.exec(QEventLoop::ExcludeUserInputEvents);
    if (job.error() == QKeychain::NoError)
        return true;
    if (error && job.error() != QKeychain::EntryNotFound)
        *error = QStringLiteral("The system keychain answered: %1").arg(job.errorString());
    return false;
}
} // namespace

QString SecretStore::keyFor(const QString &url, const QString &database, const QString &login) {
    return QStringLiteral("%1|%2|%3").arg(url, database, login);
}

QString SecretStore::read(const QString &key, QString *error) {
    QKeychain::ReadPasswordJob job(kService);
    job.setKey(key);
    return runJob(job, error) ? job.textData() : QString();
}

bool SecretStore::write(const QString &key, const QString &secret, QString *error) {
    QKeychain::WritePasswordJob job(kService);
    job.setKey(key);
    job.setTextData(secret);
    return runJob(job, error);
}

bool SecretStore::remove(const QString &key, QString *error) {
    QKeychain::DeletePasswordJob job(kService);
    job.setKey(key);
    return runJob(job, error);
}

} // namespace o2c::app
