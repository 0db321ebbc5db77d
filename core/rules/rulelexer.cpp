#include "rulelexer.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>

#include <cmath>

namespace Leadline {

namespace {

// Full-width ASCII (as a Chinese input method types it) and the ideographic space.
QChar foldWidth(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= 0xFF01 && u <= 0xFF5E)
        return QChar(char16_t(u - 0xFEE0));
    if (u == 0x3000)
        return QLatin1Char(' ');
    return c;
}

constexpr qint64 minuteMs = 60 * 1000;

const QHash<QString, qint64> &durationUnits()
{
    static const QHash<QString, qint64> units = {
        {QStringLiteral("m"), minuteMs},
        {QStringLiteral("h"), 60 * minuteMs},
        {QStringLiteral("d"), 24 * 60 * minuteMs},
        {QStringLiteral("w"), 7 * 24 * 60 * minuteMs},
        {QStringLiteral("分钟"), minuteMs},
        {QStringLiteral("小时"), 60 * minuteMs},
        {QStringLiteral("天"), 24 * 60 * minuteMs},
        {QStringLiteral("周"), 7 * 24 * 60 * minuteMs},
    };
    return units;
}

const QHash<QString, RuleTokenKind> &keywords()
{
    static const QHash<QString, RuleTokenKind> words = {
        {QStringLiteral("and"), RuleTokenKind::And},
        {QStringLiteral("or"), RuleTokenKind::Or},
        {QStringLiteral("not"), RuleTokenKind::Not},
        {QStringLiteral("in"), RuleTokenKind::In},
        {QStringLiteral("true"), RuleTokenKind::True},
        {QStringLiteral("false"), RuleTokenKind::False},
        {QStringLiteral("null"), RuleTokenKind::Null},
    };
    return words;
}

bool isWordStart(QChar c)
{
    return c.isLetter() || c == QLatin1Char('_');
}

bool isWordPart(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_');
}

bool isAsciiDigit(QChar c)
{
    return c >= QLatin1Char('0') && c <= QLatin1Char('9');
}

} // namespace

RuleLexer::RuleLexer(const QString &source)
    : m_source(source)
{}

QChar RuleLexer::peek(int ahead) const
{
    const int at = m_pos + ahead;
    return at < m_source.size() ? foldWidth(m_source.at(at)) : QChar();
}

QChar RuleLexer::advance()
{
    const QChar c = m_source.at(m_pos++);
    if (c == QLatin1Char('\n')) {
        ++m_line;
        m_column = 1;
    } else if (!c.isHighSurrogate()) {
        ++m_column;
    }
    return c;
}

QString RuleLexer::describe(const RuleToken &token)
{
    if (token.kind == RuleTokenKind::End)
        return QCoreApplication::translate("Leadline::Rules", "the end of the rule");
    QString text = token.text;
    if (text.size() > 24)
        text = text.left(24) + QStringLiteral("…");
    return QStringLiteral("\"%1\"").arg(text);
}

RuleError RuleLexer::errorHere(int start, int line, int column, const QString &expected) const
{
    RuleToken token;
    token.kind = RuleTokenKind::Identifier; // anything but End: describe() quotes the text
    token.text = m_source.mid(start, qMax(1, m_pos - start));
    const QString found
        = start >= m_source.size()
              ? QCoreApplication::translate("Leadline::Rules", "the end of the rule")
              : describe(token);
    return RuleError::at(line, column, start, int(token.text.size()), expected, found);
}

std::optional<RuleError> RuleLexer::tokenize(QList<RuleToken> &tokens)
{
    tokens.clear();
    while (true) {
        while (!atEnd() && peek().isSpace())
            advance();
        RuleToken token;
        token.offset = m_pos;
        token.line = m_line;
        token.column = m_column;
        if (atEnd()) {
            token.kind = RuleTokenKind::End;
            tokens.append(token);
            return std::nullopt;
        }
        const QChar c = peek();
        std::optional<RuleError> error;
        if (c == QLatin1Char('"') || c == QLatin1Char('\''))
            error = readString(token, c);
        else if (c == QChar(0x201C))
            error = readString(token, QChar(0x201D));
        else if (isAsciiDigit(c))
            error = readNumber(token);
        else if (isWordStart(c))
            readWord(token);
        else
            error = readOperator(token);
        if (error)
            return error;
        token.length = m_pos - token.offset;
        token.text = m_source.mid(token.offset, token.length);
        tokens.append(token);
    }
}

std::optional<RuleError> RuleLexer::readString(RuleToken &token, QChar close)
{
    advance(); // the opening quote
    QString value;
    while (!atEnd()) {
        const QChar c = m_source.at(m_pos);
        if (c == close) {
            advance();
            token.kind = RuleTokenKind::String;
            token.value = value;
            return std::nullopt;
        }
        if (c == QLatin1Char('\n'))
            break;
        advance();
        if (c == QLatin1Char('\\') && !atEnd()) {
            const QChar escaped = advance();
            if (escaped == QLatin1Char('n'))
                value += QLatin1Char('\n');
            else if (escaped == QLatin1Char('t'))
                value += QLatin1Char('\t');
            else
                value += escaped;
            continue;
        }
        value += c;
    }
    return RuleError::at(
        token.line, token.column, token.offset, m_pos - token.offset,
        QCoreApplication::translate("Leadline::Rules", "a closing %1 for the text that starts here")
            .arg(QStringLiteral("'%1'").arg(close)),
        atEnd() ? QCoreApplication::translate("Leadline::Rules", "the end of the rule")
                : QCoreApplication::translate("Leadline::Rules", "the end of the line"));
}

std::optional<RuleError> RuleLexer::readNumber(RuleToken &token)
{
    const int start = m_pos;
    auto digits = [this] {
        int count = 0;
        while (!atEnd() && isAsciiDigit(peek())) {
            advance();
            ++count;
        }
        return count;
    };
    auto folded = [this](int from) {
        QString text;
        for (int i = from; i < m_pos; ++i)
            text += foldWidth(m_source.at(i));
        return text;
    };
    const int integerDigits = digits();
    if (integerDigits == 4 && peek() == QLatin1Char('-') && isAsciiDigit(peek(1))) {
        advance();
        digits();
        if (peek() == QLatin1Char('-'))
            advance();
        digits();
        if (peek() == QLatin1Char('T') && isAsciiDigit(peek(1))) {
            advance();
            digits();
            if (peek() == QLatin1Char(':'))
                advance();
            digits();
        }
        const QString text = folded(start);
        QDateTime date = QDateTime::fromString(text, QStringLiteral("yyyy-MM-ddTHH:mm"));
        if (!date.isValid())
            date = QDateTime(QDate::fromString(text, QStringLiteral("yyyy-MM-dd")), QTime(0, 0));
        if (!date.isValid())
            return errorHere(start, token.line, token.column,
                             QCoreApplication::translate(
                                 "Leadline::Rules", "a date like 2026-11-27 or 2026-11-27T09:30"));
        token.kind = RuleTokenKind::Date;
        token.value = date;
        return std::nullopt;
    }
    if (peek() == QLatin1Char('.') && isAsciiDigit(peek(1))) {
        advance();
        digits();
    }
    const double number = folded(start).toDouble();
    if (!std::isfinite(number) || number > 1e12)
        return errorHere(
            start, token.line, token.column,
            QCoreApplication::translate("Leadline::Rules", "a number below 1,000,000,000,000"));
    if (!atEnd() && isWordStart(peek())) {
        const int unitStart = m_pos;
        while (!atEnd() && isWordPart(peek()) && !isAsciiDigit(peek()))
            advance();
        const QString unit = folded(unitStart).toLower();
        const auto found = durationUnits().constFind(unit);
        if (found == durationUnits().cend())
            return errorHere(
                start, token.line, token.column,
                QCoreApplication::translate("Leadline::Rules",
                                            "a number or a duration such as 3d, 24h, 30m or 2w"));
        // Ten thousand years keeps every sum of durations and instants far from overflowing.
        const double ms = number * double(*found);
        if (ms > 10000.0 * 366 * 24 * 60 * double(minuteMs))
            return errorHere(start, token.line, token.column,
                             QCoreApplication::translate("Leadline::Rules",
                                                         "a duration of at most 10,000 years"));
        token.kind = RuleTokenKind::Duration;
        token.value = qint64(std::llround(ms));
        return std::nullopt;
    }
    token.kind = RuleTokenKind::Number;
    token.value = number;
    return std::nullopt;
}

void RuleLexer::readWord(RuleToken &token)
{
    QString word;
    while (!atEnd() && isWordPart(peek()))
        word += foldWidth(advance());
    const auto keyword = keywords().constFind(word.toLower());
    token.kind = keyword == keywords().cend() ? RuleTokenKind::Identifier : *keyword;
    token.value = word;
}

std::optional<RuleError> RuleLexer::readOperator(RuleToken &token)
{
    const int start = m_pos;
    const QChar c = peek();
    const QChar next = peek(1);
    auto take = [&](RuleTokenKind kind, int count) {
        for (int i = 0; i < count; ++i)
            advance();
        token.kind = kind;
        return std::optional<RuleError>();
    };
    switch (c.unicode()) {
    case '(':
        return take(RuleTokenKind::LeftParen, 1);
    case ')':
        return take(RuleTokenKind::RightParen, 1);
    case '[':
        return take(RuleTokenKind::LeftBracket, 1);
    case ']':
        return take(RuleTokenKind::RightBracket, 1);
    case ',':
        return take(RuleTokenKind::Comma, 1);
    case 0x3001:
        return take(RuleTokenKind::Comma, 1); // 、 the enumeration comma
    case '.':
        return take(RuleTokenKind::Dot, 1);
    case '+':
        return take(RuleTokenKind::Plus, 1);
    case '-':
        return take(RuleTokenKind::Minus, 1);
    case '=':
        return take(RuleTokenKind::Equal, next == QLatin1Char('=') ? 2 : 1);
    case '<':
        if (next == QLatin1Char('>'))
            return take(RuleTokenKind::NotEqual, 2);
        return next == QLatin1Char('=') ? take(RuleTokenKind::LessEqual, 2)
                                        : take(RuleTokenKind::Less, 1);
    case '>':
        return next == QLatin1Char('=') ? take(RuleTokenKind::GreaterEqual, 2)
                                        : take(RuleTokenKind::Greater, 1);
    case '!':
        if (next == QLatin1Char('='))
            return take(RuleTokenKind::NotEqual, 2);
        advance();
        return errorHere(start, token.line, token.column,
                         QCoreApplication::translate("Leadline::Rules", "\"not\" or \"!=\""));
    case '&':
        advance();
        return errorHere(start, token.line, token.column,
                         QCoreApplication::translate("Leadline::Rules", "\"and\""));
    case '|':
        advance();
        return errorHere(start, token.line, token.column,
                         QCoreApplication::translate("Leadline::Rules", "\"or\""));
    default:
        advance();
        if (c.isHighSurrogate() && !atEnd())
            advance();
        return errorHere(start, token.line, token.column,
                         QCoreApplication::translate("Leadline::Rules", "a value"));
    }
}

} // namespace Leadline
