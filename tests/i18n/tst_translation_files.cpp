// SPDX-License-Identifier: GPL-3.0-or-later
// The committed .ts files: every entry finished with the source's placeholders, and no text of the
// sources missing (lupdate is run over the sources into a copy and compared).
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

namespace {

struct Message {
    QString context;
    QString source;
    QString comment;
    bool numerus = false;
    QString type; // "", "unfinished", "vanished", "obsolete"
    QStringList forms;

    QString key() const { return context + u'\x1f' + source + u'\x1f' + comment; }
    QString describe() const {
        return QStringLiteral("[%1] \"%2\"%3")
            .arg(context, source,
                 comment.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(comment));
    }
};

struct TsFile {
    QString language;
    QList<Message> messages;
    QString error;
};

TsFile readTs(const QString &path) {
    TsFile out;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        out.error = QStringLiteral("cannot open %1: %2").arg(path, f.errorString());
        return out;
    }
    QXmlStreamReader xml(&f);
    QString context;
    Message m;
    QString field;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto name = xml.name();
            if (name == u"TS") {
                out.language = xml.attributes().value(QLatin1String("language")).toString();
            } else if (name == u"message") {
                m = Message{};
                m.context = context;
                m.numerus = xml.attributes().value(QLatin1String("numerus")) == u"yes";
            } else if (name == u"translation") {
                m.type = xml.attributes().value(QLatin1String("type")).toString();
                if (!m.numerus)
                    m.forms.append(xml.readElementText());
            } else if (name == u"numerusform") {
                m.forms.append(xml.readElementText());
            } else if (name == u"name" || name == u"source" || name == u"comment") {
                field = xml.readElementText();
                if (name == u"name")
                    context = field;
                else if (name == u"source")
                    m.source = field;
                else
                    m.comment = field;
            }
        } else if (xml.isEndElement() && xml.name() == u"message") {
            out.messages.append(m);
        }
    }
    if (xml.hasError())
        out.error =
            QStringLiteral("%1: %2 at line %3").arg(path, xml.errorString()).arg(xml.lineNumber());
    return out;
}

// %1 ... %99, %n and their localized forms %L1, %Ln, counted.
QStringList placeholders(const QString &text) {
    static const QRegularExpression re(QStringLiteral("%L?(?:[1-9][0-9]?|n)"));
    QStringList found;
    for (auto it = re.globalMatch(text); it.hasNext();)
        found.append(it.next().captured());
    found.sort();
    return found;
}

QString translationsDir() {
    return QStringLiteral(O2C_TRANSLATIONS_DIR);
}

QStringList languages() {
    return QStringLiteral(O2C_TS_LANGUAGES).split(u'|', Qt::SkipEmptyParts);
}

// Plural forms Qt Linguist asks for: English, German, French, Spanish two, Polish three
// (1; 2-4, 22-24 ...; 0, 5-21 ...).
int pluralForms(const QString &language) {
    return language == u"pl" ? 3 : 2;
}

// Runs lupdate like the update_translations target does, into a copy of the committed files.
QString runLupdate(const QStringList &tsFiles, bool pluralOnly) {
    QStringList args = QStringLiteral(O2C_LUPDATE_OPTIONS).split(u'|', Qt::SkipEmptyParts);
    if (pluralOnly)
        args << QStringLiteral("-pluralonly");
    args << QStringLiteral("-silent");
    for (const QString &dir :
         QStringLiteral(O2C_TRANSLATED_INCLUDES).split(u'|', Qt::SkipEmptyParts))
        args << QStringLiteral("-I") << dir;
    args << QStringLiteral("@") + QStringLiteral(O2C_TRANSLATED_SOURCES_LIST);
    args << QStringLiteral("-ts") << tsFiles;
    QProcess lupdate;
    lupdate.start(QStringLiteral(O2C_LUPDATE), args);
    if (!lupdate.waitForFinished(180000))
        return QStringLiteral("lupdate did not finish: %1").arg(lupdate.errorString());
    if (lupdate.exitStatus() != QProcess::NormalExit || lupdate.exitCode() != 0)
        return QStringLiteral("lupdate failed (%1): %2")
            .arg(lupdate.exitCode())
            .arg(QString::fromUtf8(lupdate.readAllStandardError()));
    return {};
}

} // namespace

class TestTranslationFiles final : public QObject {
    Q_OBJECT

private slots:
    void everyEntryIsFinished_data() {
        QTest::addColumn<QString>("language");
        for (const QString &l : languages())
            QTest::newRow(qPrintable(l)) << l;
        QTest::newRow("en (plural forms)") << QStringLiteral("en");
    }

    void everyEntryIsFinished() {
        QFETCH(QString, language);
        const TsFile ts = readTs(translationsDir() + QStringLiteral("/o2c_%1.ts").arg(language));
        QVERIFY2(ts.error.isEmpty(), qPrintable(ts.error));
        QVERIFY2(ts.language.startsWith(language), qPrintable(ts.language));
        if (language != u"en")
            QVERIFY2(ts.messages.size() > 500, "the file holds the cockpit's texts");
        QStringList problems;
        for (const Message &m : ts.messages) {
            if (!m.type.isEmpty()) {
                problems << QStringLiteral("%1 is %2").arg(m.describe(), m.type);
                continue;
            }
            const int expected = m.numerus ? pluralForms(language) : 1;
            if (m.forms.size() != expected) {
                problems << QStringLiteral("%1 has %2 forms, expected %3")
                                .arg(m.describe())
                                .arg(m.forms.size())
                                .arg(expected);
                continue;
            }
            const QStringList wanted = placeholders(m.source);
            for (const QString &form : m.forms) {
                if (form.trimmed().isEmpty())
                    problems << QStringLiteral("%1 has an empty translation").arg(m.describe());
                else if (placeholders(form) != wanted)
                    problems << QStringLiteral("%1: \"%2\" has placeholders %3, the source %4")
                                    .arg(m.describe(), form, placeholders(form).join(u' '),
                                         wanted.join(u' '));
                else if (m.source.endsWith(u'\n') != form.endsWith(u'\n'))
                    problems << QStringLiteral("%1: \"%2\" does not end the line like the source")
                                    .arg(m.describe(), form);
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }

    // A developer who adds or changes a text and does not translate it gets the text named here.
    void filesAreInStepWithTheSources() {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        QStringList copies;
        for (const QString &l : languages()) {
            const QString name = QStringLiteral("o2c_%1.ts").arg(l);
            QVERIFY(QFile::copy(translationsDir() + u'/' + name, tmp.filePath(name)));
            copies << tmp.filePath(name);
        }
        const QString en = tmp.filePath(QStringLiteral("o2c_en.ts"));
        QVERIFY(QFile::copy(translationsDir() + QStringLiteral("/o2c_en.ts"), en));
        for (const QString &f : std::as_const(copies) + QStringList{en})
            QFile(f).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);

        QString problem = runLupdate(copies, false);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        problem = runLupdate({en}, true);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));

        QStringList problems;
        for (const QString &l : languages() + QStringList{QStringLiteral("en")}) {
            const QString name = QStringLiteral("o2c_%1.ts").arg(l);
            const TsFile committed = readTs(translationsDir() + u'/' + name);
            const TsFile fresh = readTs(tmp.filePath(name));
            QVERIFY2(committed.error.isEmpty(), qPrintable(committed.error));
            QVERIFY2(fresh.error.isEmpty(), qPrintable(fresh.error));
            QSet<QString> before;
            for (const Message &m : committed.messages)
                before.insert(m.key());
            QSet<QString> after;
            for (const Message &m : fresh.messages) {
                after.insert(m.key());
                if (!before.contains(m.key()))
                    problems
                        << QStringLiteral("%1: not translated yet: %2").arg(name, m.describe());
            }
            for (const Message &m : committed.messages)
                if (!after.contains(m.key()))
                    problems << QStringLiteral("%1: no longer in the sources: %2")
                                    .arg(name, m.describe());
        }
        QVERIFY2(problems.isEmpty(),
                 qPrintable(QStringLiteral("Run the update_translations target and translate "
                                           "(translations/README.md):\n") +
                            problems.join(u'\n')));
    }
};

QTEST_GUILESS_MAIN(TestTranslationFiles)
#include "tst_translation_files.moc"
