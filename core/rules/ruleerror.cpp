#include "ruleerror.h"

#include <QCoreApplication>
#include <QStringView>

namespace Leadline {

namespace {

// East Asian wide and full-width characters take two terminal columns.
int displayWidth(char32_t c)
{
    const bool wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF)
                      || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF)
                      || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60)
                      || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
    return wide ? 2 : 1;
}

} // namespace

RuleError RuleError::at(
    int line, int column, int offset, int length, const QString &expected, const QString &found)
{
    RuleError error;
    error.line = line;
    error.column = column;
    error.offset = offset;
    error.length = qMax(1, length);
    error.expected = expected;
    error.found = found;
    error.detail = QCoreApplication::translate("Leadline::Rules", "expected %1, but found %2")
                       .arg(expected, found);
    error.message = QCoreApplication::translate("Leadline::Rules", "Line %1, column %2: %3")
                        .arg(line)
                        .arg(column)
                        .arg(error.detail);
    return error;
}

QString RuleError::caretText(const QString &source) const
{
    const int safeOffset = qBound(0, offset, int(source.size()));
    const qsizetype start = source.lastIndexOf(QLatin1Char('\n'), safeOffset - 1) + 1;
    qsizetype end = source.indexOf(QLatin1Char('\n'), safeOffset);
    if (end < 0)
        end = source.size();
    const QString lineText = source.mid(start, end - start);
    QString marks;
    const QList<uint> before = QStringView(source).mid(start, safeOffset - start).toUcs4();
    for (const uint c : before)
        marks += c == '\t' ? QStringLiteral("\t") : QString(displayWidth(c), QLatin1Char(' '));
    const qsizetype markedEnd = qMin<qsizetype>(end, safeOffset + length);
    const QList<uint> marked = QStringView(source).mid(safeOffset, markedEnd - safeOffset).toUcs4();
    QString underline;
    for (const uint c : marked)
        underline += QString(displayWidth(c), QLatin1Char('~'));
    if (underline.isEmpty())
        underline = QStringLiteral("^");
    else
        underline[0] = QLatin1Char('^');
    return lineText + QLatin1Char('\n') + marks + underline;
}

QString RuleError::display(const QString &source) const
{
    return message + QLatin1Char('\n') + caretText(source);
}

} // namespace Leadline
