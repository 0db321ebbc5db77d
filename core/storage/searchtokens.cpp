#include "searchtokens.h"

#include <QCoreApplication>
#include <QSet>
#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

namespace Leadline {

namespace {

void gramsFunction(sqlite3_context *context, int argc, sqlite3_value **argv)
{
    if (argc != 1 || sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_text(context, "", 0, SQLITE_STATIC);
        return;
    }
    const auto *text = reinterpret_cast<const char *>(sqlite3_value_text(argv[0]));
    const int bytes = sqlite3_value_bytes(argv[0]);
    const QByteArray out = SearchTokens::grams(QString::fromUtf8(text, bytes)).toUtf8();
    sqlite3_result_text(context, out.constData(), int(out.size()), SQLITE_TRANSIENT);
}

bool isTokenChar(char32_t c)
{
    return QChar::isLetterOrNumber(c);
}

} // namespace

QString SearchTokens::grams(const QString &text)
{
    const QList<uint> chars = text.toLower().toUcs4();
    QStringList tokens;
    QSet<QString> seen;
    auto add = [&](const QString &token) {
        if (!seen.contains(token)) {
            seen.insert(token);
            tokens.append(token);
        }
    };
    for (int i = 0; i < chars.size(); ++i) {
        if (!isTokenChar(chars.at(i)))
            continue;
        const char32_t one[1] = {char32_t(chars.at(i))};
        add(QString::fromUcs4(one, 1));
        if (i + 1 < chars.size() && isTokenChar(chars.at(i + 1))) {
            const char32_t two[2] = {char32_t(chars.at(i)), char32_t(chars.at(i + 1))};
            add(QString::fromUcs4(two, 2));
        }
    }
    return tokens.join(QLatin1Char(' '));
}

Status SearchTokens::install(const QSqlDatabase &db)
{
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return Error{QCoreApplication::translate("Leadline::SearchTokens",
                                                 "The workspace is not an SQLite database.")};
    sqlite3 *sqlite = *static_cast<sqlite3 *const *>(handle.constData());
    const int rc = sqlite3_create_function_v2(sqlite, "leadline_grams", 1,
                                              SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                                              &gramsFunction, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
        return Error{QCoreApplication::translate("Leadline::SearchTokens",
                                                 "Cannot prepare customer search: %1")
                         .arg(QString::fromUtf8(sqlite3_errstr(rc)))};
    return {};
}

QString SearchTokens::phrase(const QString &text)
{
    QString clean;
    clean.reserve(text.size() + 2);
    for (const QChar c : text) {
        if (c.category() == QChar::Other_Control)
            continue;
        clean.append(c);
    }
    clean.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + clean + QLatin1Char('"');
}

QStringList SearchTokens::terms(const QString &text)
{
    constexpr int maxTerms = 6;
    QStringList parts = text.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (parts.size() > maxTerms)
        parts.resize(maxTerms);
    return parts;
}

bool SearchTokens::isGramTerm(const QString &term)
{
    const QList<uint> chars = term.toUcs4();
    if (chars.isEmpty() || chars.size() > 2)
        return false;
    return std::all_of(chars.cbegin(), chars.cend(), [](uint c) { return isTokenChar(c); });
}

bool SearchTokens::isShort(const QString &term)
{
    return term.toUcs4().size() < 3;
}

QString SearchTokens::shortKey(const QString &term)
{
    QList<uint> kept;
    for (const uint c : term.toUcs4()) {
        if (isTokenChar(c))
            kept.append(c);
    }
    return QString::fromUcs4(reinterpret_cast<const char32_t *>(kept.constData()), kept.size());
}

} // namespace Leadline
