#include "searchtokens.h"

#include <QCoreApplication>
#include <QSet>
#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

namespace Leadline {

namespace {

void appendUtf8(QByteArray &out, char32_t c)
{
    if (c < 0x80) {
        out.append(char(c));
    } else if (c < 0x800) {
        out.append(char(0xC0 | (c >> 6)));
        out.append(char(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.append(char(0xE0 | (c >> 12)));
        out.append(char(0x80 | ((c >> 6) & 0x3F)));
        out.append(char(0x80 | (c & 0x3F)));
    } else {
        out.append(char(0xF0 | (c >> 18)));
        out.append(char(0x80 | ((c >> 12) & 0x3F)));
        out.append(char(0x80 | ((c >> 6) & 0x3F)));
        out.append(char(0x80 | (c & 0x3F)));
    }
}

bool isTokenChar(char32_t c)
{
    return QChar::isLetterOrNumber(c);
}

// Calls add(first, second) for every gram of text, each once, in the order they first occur
// (second is 0 for a single character). Runs for every customer when the search index is built,
// so it works on code points, not on a QString per gram.
template<typename Add>
void forEachGram(QStringView text, Add &&add)
{
    QList<uint> chars = text.toUcs4();
    for (uint &c : chars)
        c = QChar::toLower(char32_t(c));
    QSet<quint64> seen;
    seen.reserve(chars.size() * 2);
    auto once = [&](char32_t first, char32_t second) {
        const quint64 key = (quint64(first) << 32) | second;
        if (!seen.contains(key)) {
            seen.insert(key);
            add(first, second);
        }
    };
    bool inEmail = false;
    for (qsizetype i = 0; i < chars.size(); ++i) {
        // An e-mail address gives no grams: one or two of its letters say nothing about whose
        // it is, and addresses would make every short query match most customers.
        if (i == 0 || QChar::isSpace(chars.at(i - 1))) {
            inEmail = false;
            for (qsizetype j = i; j < chars.size() && !QChar::isSpace(chars.at(j)); ++j) {
                if (chars.at(j) == '@') {
                    inEmail = true;
                    break;
                }
            }
        }
        if (inEmail || !isTokenChar(chars.at(i)))
            continue;
        once(chars.at(i), 0);
        if (i + 1 < chars.size() && isTokenChar(chars.at(i + 1)))
            once(chars.at(i), chars.at(i + 1));
    }
}

QByteArray gramsUtf8(QStringView text)
{
    QByteArray out;
    out.reserve(text.size() * 8);
    forEachGram(text, [&out](char32_t first, char32_t second) {
        if (!out.isEmpty())
            out.append(' ');
        appendUtf8(out, first);
        if (second != 0)
            appendUtf8(out, second);
    });
    return out;
}

// The leadline_grams FTS5 tokenizer: a document is cut into its grams; a query term is one gram
// already (the search looks up 1-2 character terms only) and is only lower-cased.
int gramsTokenizerCreate(void *, const char **, int, Fts5Tokenizer **tokenizer)
{
    static int instance = 0;
    *tokenizer = reinterpret_cast<Fts5Tokenizer *>(&instance);
    return SQLITE_OK;
}

void gramsTokenizerDelete(Fts5Tokenizer *) {}

int gramsTokenize(Fts5Tokenizer *, void *context, int flags, const char *text, int bytes,
                  int (*token)(void *, int, const char *, int, int, int))
{
    const QString input = QString::fromUtf8(text, bytes);
    if (flags & FTS5_TOKENIZE_QUERY) {
        QByteArray lower;
        for (const char32_t c : input.toUcs4())
            appendUtf8(lower, QChar::toLower(c));
        return lower.isEmpty() ? SQLITE_OK
                               : token(context, 0, lower.constData(), int(lower.size()), 0, bytes);
    }
    int rc = SQLITE_OK;
    QByteArray gram;
    forEachGram(input, [&](char32_t first, char32_t second) {
        if (rc != SQLITE_OK)
            return;
        gram.clear();
        appendUtf8(gram, first);
        if (second != 0)
            appendUtf8(gram, second);
        rc = token(context, 0, gram.constData(), int(gram.size()), 0, bytes);
    });
    return rc;
}

fts5_api *fts5Api(sqlite3 *db)
{
    fts5_api *api = nullptr;
    sqlite3_stmt *statement = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, nullptr) == SQLITE_OK) {
        sqlite3_bind_pointer(statement, 1, static_cast<void *>(&api), "fts5_api_ptr", nullptr);
        sqlite3_step(statement);
    }
    sqlite3_finalize(statement);
    return api;
}

void gramsFunction(sqlite3_context *context, int argc, sqlite3_value **argv)
{
    if (argc != 1 || sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_text(context, "", 0, SQLITE_STATIC);
        return;
    }
    const auto *text = reinterpret_cast<const char *>(sqlite3_value_text(argv[0]));
    const int bytes = sqlite3_value_bytes(argv[0]);
    const QByteArray out = gramsUtf8(QString::fromUtf8(text, bytes));
    sqlite3_result_text(context, out.constData(), int(out.size()), SQLITE_TRANSIENT);
}

} // namespace

QString SearchTokens::grams(const QString &text)
{
    return QString::fromUtf8(gramsUtf8(text));
}

Status SearchTokens::install(const QSqlDatabase &db)
{
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return Error{QCoreApplication::translate("Leadline::SearchTokens",
                                                 "The workspace is not an SQLite database.")};
    sqlite3 *sqlite = *static_cast<sqlite3 *const *>(handle.constData());
    int rc = sqlite3_create_function_v2(sqlite, "leadline_grams", 1,
                                        SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                                        &gramsFunction, nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) {
        fts5_tokenizer tokenizer = {&gramsTokenizerCreate, &gramsTokenizerDelete, &gramsTokenize};
        fts5_api *api = fts5Api(sqlite);
        rc = api ? api->xCreateTokenizer(api, "leadline_grams", nullptr, &tokenizer, nullptr)
                 : SQLITE_ERROR;
    }
    if (rc != SQLITE_OK)
        return Error{QCoreApplication::translate("Leadline::SearchTokens",
                                                 "Cannot prepare customer search: %1")
                         .arg(QString::fromUtf8(sqlite3_errstr(rc)))};
    return {};
}

QString SearchTokens::digitRuns(const QString &digits)
{
    QStringList runs;
    for (qsizetype at = 0; at + 4 <= digits.size(); ++at) {
        const QString run = QLatin1Char('"') + digits.mid(at, 4) + QLatin1Char('"');
        if (!runs.contains(run))
            runs.append(run);
    }
    return runs.join(QStringLiteral(" AND "));
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
