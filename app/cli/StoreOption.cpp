// SPDX-License-Identifier: GPL-3.0-or-later
#include "StoreOption.h"

namespace o2c::cli {

QCommandLineOption storeOption() {
    return {QStringLiteral("store"),
            QStringLiteral("The store: sqlite:<file> or postgres:<connection>[#schema] (default: "
                           "$O2C_STORE, else the cockpit's own SQLite file)."),
            QStringLiteral("store")};
}

std::unique_ptr<Store> openStore(const QCommandLineParser &parser, QTextStream &err) {
    QString text = parser.value(QStringLiteral("store"));
    if (text.isEmpty())
        text = StoreConfig::defaultText();
    StoreConfig config;
    QString error;
    if (!StoreConfig::parse(text, &config, &error)) {
        err << error << '\n';
        return nullptr;
    }
    auto store = Store::open(config, &error);
    if (!store)
        err << error << '\n';
    return store;
}

} // namespace o2c::cli
