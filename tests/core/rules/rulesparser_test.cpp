#include <catch2/catch.hpp>

#include "tests/core/rules/catchqstring.h"

#include "core/rules/ruleparser.h"

#include <QDateTime>

using namespace Leadline;

namespace {

// The tree as a compact prefix string, so precedence is visible at a glance.
QString shape(const RuleAst &ast, int index)
{
    const RuleNode &n = ast.node(index);
    QStringList children;
    for (const int child : n.children)
        children.append(shape(ast, child));
    switch (n.kind) {
    case RuleNodeKind::Literal:
        return ast.text(index);
    case RuleNodeKind::Field:
        return n.name;
    case RuleNodeKind::List:
        return QStringLiteral("[%1]").arg(children.join(QLatin1Char(' ')));
    case RuleNodeKind::Call:
        return QStringLiteral("%1(%2)").arg(n.name, children.join(QLatin1Char(' ')));
    case RuleNodeKind::Not:
        return QStringLiteral("(not %1)").arg(children.join(QLatin1Char(' ')));
    case RuleNodeKind::Negate:
        return QStringLiteral("(neg %1)").arg(children.join(QLatin1Char(' ')));
    case RuleNodeKind::And:
        return QStringLiteral("(and %1)").arg(children.join(QLatin1Char(' ')));
    case RuleNodeKind::Or:
        return QStringLiteral("(or %1)").arg(children.join(QLatin1Char(' ')));
    case RuleNodeKind::In:
        return QStringLiteral("(%1 %2)").arg(n.negated ? QStringLiteral("notin")
                                                       : QStringLiteral("in"),
                                             children.join(QLatin1Char(' ')));
    case RuleNodeKind::Add:
        return QStringLiteral("(+ %1)").arg(children.join(QLatin1Char(' ')));
    case RuleNodeKind::Subtract:
        return QStringLiteral("(- %1)").arg(children.join(QLatin1Char(' ')));
    case RuleNodeKind::Compare: {
        static const char *ops[] = {"==", "!=", "<", "<=", ">", ">="};
        return QStringLiteral("(%1 %2)").arg(QLatin1String(ops[int(n.op)]),
                                             children.join(QLatin1Char(' ')));
    }
    }
    return {};
}

std::string parsed(const char *source)
{
    RuleAst ast;
    const auto error = RuleParser::parse(QString::fromUtf8(source), ast);
    if (error)
        return (QStringLiteral("error: ") + error->message).toStdString();
    return shape(ast, ast.root).toStdString();
}

RuleError errorOf(const QString &source)
{
    RuleAst ast;
    const auto error = RuleParser::parse(source, ast);
    REQUIRE(error.has_value());
    return *error;
}

} // namespace

TEST_CASE("Every literal kind parses with its value", "[rules][parser]")
{
    RuleAst ast;
    REQUIRE_FALSE(RuleParser::parse(QStringLiteral("[\"高\", '中', “低”]"), ast));
    REQUIRE(ast.node(ast.root).children.size() == 3);
    CHECK(ast.node(ast.node(ast.root).children.at(0)).literal.toString() == QStringLiteral("高"));
    CHECK(ast.node(ast.node(ast.root).children.at(1)).literal.toString() == QStringLiteral("中"));
    CHECK(ast.node(ast.node(ast.root).children.at(2)).literal.toString() == QStringLiteral("低"));

    auto single = [](const char *source) {
        RuleAst tree;
        REQUIRE_FALSE(RuleParser::parse(QString::fromUtf8(source), tree));
        REQUIRE(tree.node(tree.root).kind == RuleNodeKind::Literal);
        return tree.node(tree.root);
    };
    CHECK(single("42").literal.toDouble() == 42.0);
    CHECK(single("2.5").literal.toDouble() == 2.5);
    CHECK(single("3d").literal.toLongLong() == 3LL * 24 * 3600 * 1000);
    CHECK(single("24h").literal.toLongLong() == 24LL * 3600 * 1000);
    CHECK(single("30m").literal.toLongLong() == 30LL * 60 * 1000);
    CHECK(single("2w").literal.toLongLong() == 14LL * 24 * 3600 * 1000);
    CHECK(single("1.5h").literal.toLongLong() == 90LL * 60 * 1000);
    CHECK(single("3天").literal.toLongLong() == 3LL * 24 * 3600 * 1000);
    CHECK(single("2小时").literal.toLongLong() == 2LL * 3600 * 1000);
    CHECK(single("3d").type == RuleType::Duration);
    CHECK(single("true").literal.toBool());
    CHECK_FALSE(single("FALSE").literal.toBool());
    CHECK(single("null").type == RuleType::Null);
    CHECK(single("2026-11-27").literal.toDateTime() == QDateTime(QDate(2026, 11, 27), QTime(0, 0)));
    CHECK(single("2026-11-27T09:30").literal.toDateTime()
          == QDateTime(QDate(2026, 11, 27), QTime(9, 30)));
    CHECK(single("\"say \\\"hi\\\"\"").literal.toString() == QStringLiteral("say \"hi\""));
}

TEST_CASE("Operators bind: or < and < not < comparison < + - < unary minus", "[rules][parser]")
{
    CHECK(parsed("a or b and c") == std::string("(or a (and b c))"));
    CHECK(parsed("a and b or c and d") == std::string("(or (and a b) (and c d))"));
    CHECK(parsed("a and b and c") == std::string("(and a b c)"));
    CHECK(parsed("not a and b") == std::string("(and (not a) b)"));
    CHECK(parsed("not a == 1") == std::string("(not (== a 1))"));
    CHECK(parsed("not not a") == std::string("(not (not a))"));
    CHECK(parsed("(a or b) and c") == std::string("(and (or a b) c)"));
    CHECK(parsed("a + 1 > b - 2") == std::string("(> (+ a 1) (- b 2))"));
    CHECK(parsed("a - 1 - 2") == std::string("(- (- a 1) 2)"));
    CHECK(parsed("-a < 3") == std::string("(< (neg a) 3)"));
    CHECK(parsed("x = 1") == std::string("(== x 1)"));
    CHECK(parsed("x <> 1") == std::string("(!= x 1)"));
    CHECK(parsed("x != 1 or x <= 2 or x >= 3 or x < 4 or x > 5")
          == std::string("(or (!= x 1) (<= x 2) (>= x 3) (< x 4) (> x 5))"));
    CHECK(parsed("stage in [\"a\", \"b\",]") == std::string("(in stage [\"a\" \"b\"])"));
    CHECK(parsed("stage not in []") == std::string("(notin stage [])"));
    CHECK(parsed("days_since(last_contact) > 3") == std::string("(> days_since(last_contact) 3)"));
    CHECK(parsed("count_calls_with(\"未接通\", 7d)")
          == std::string("count_calls_with(\"未接通\" 7d)"));
    CHECK(parsed("now() - 3d") == std::string("(- now() 3d)"));
    CHECK(parsed("now - 3d") == std::string("(- now() 3d)"));
    CHECK(parsed("last_call.disposition") == std::string("last_call.disposition"));
    CHECK(parsed("意向 == \"高\"") == std::string("(== 意向 \"高\")"));
}

TEST_CASE("Full-width punctuation from a Chinese input method reads as ASCII", "[rules][parser]")
{
    CHECK(parsed("stage in［\"方案提供\"，\"报价阶段\"］")
          == std::string("(in stage [\"方案提供\" \"报价阶段\"])"));
    CHECK(parsed("count_calls（７）＞＝2") == std::string("(>= count_calls(７) 2)"));
    CHECK(parsed("tags、x")
          == std::string("error: Line 1, column 5: expected \"and\", \"or\" or the end of the "
                         "rule, but found \"、\""));
}

TEST_CASE("Syntax errors say where, what was expected and what was found", "[rules][parser]")
{
    RuleError e = errorOf(QStringLiteral("intent == \"高\" and and x"));
    CHECK(e.line == 1);
    CHECK(e.column == 19);
    CHECK(e.message.toStdString()
          == std::string("Line 1, column 19: expected a value, but found \"and\""));
    // 18 characters before the spot, 高 two columns wide: 19 spaces.
    CHECK(e.caretText(QStringLiteral("intent == \"高\" and and x"))
          == QStringLiteral("intent == \"高\" and and x\n") + QString(19, QLatin1Char(' '))
                 + QStringLiteral("^~~"));

    e = errorOf(QStringLiteral("intent ==\n  "));
    CHECK(e.message.toStdString()
          == std::string("Line 2, column 3: expected a value, but found the end of the rule"));

    e = errorOf(QStringLiteral("(a or b"));
    CHECK(e.message.toStdString()
          == std::string("Line 1, column 8: expected \")\", but found the end of the rule"));

    e = errorOf(QStringLiteral("stage in [\"a\" \"b\"]"));
    CHECK(e.message.toStdString()
          == std::string("Line 1, column 15: expected \",\" or \"]\", but found \"\"b\"\""));

    e = errorOf(QStringLiteral("days_since(a b)"));
    CHECK(e.message.toStdString()
          == std::string("Line 1, column 14: expected \",\" or \")\", but found \"b\""));

    e = errorOf(QStringLiteral("last_call."));
    CHECK(
        e.message.toStdString()
        == std::string("Line 1, column 11: expected a field name, but found the end of the rule"));

    e = errorOf(QStringLiteral("a == 1 == 2"));
    CHECK(
        e.message.toStdString()
        == std::string(
            "Line 1, column 8: expected \"and\", \"or\" or the end of the rule, but found \"==\""));

    e = errorOf(QStringLiteral("stage == \"方案"));
    CHECK(e.message.toStdString()
          == std::string("Line 1, column 10: expected a closing '\"' for the text that starts "
                         "here, but found the end of the rule"));

    e = errorOf(QStringLiteral("a && b"));
    CHECK(e.message.toStdString()
          == std::string("Line 1, column 3: expected \"and\", but found \"&\""));

    e = errorOf(QStringLiteral("a == 3x"));
    CHECK(e.message.toStdString()
          == std::string("Line 1, column 6: expected a number or a duration such as 3d, 24h, 30m "
                         "or 2w, but found \"3x\""));

    e = errorOf(QStringLiteral("a > 2026-13-01"));
    CHECK(e.message.toStdString()
          == std::string("Line 1, column 5: expected a date like 2026-11-27 or 2026-11-27T09:30, "
                         "but found \"2026-13-01\""));

    e = errorOf(QStringLiteral("a > 99999999w"));
    CHECK(e.message.toStdString()
          == std::string("Line 1, column 5: expected a duration of at most 10,000 years, but found "
                         "\"99999999w\""));

    e = errorOf(QStringLiteral("a $ b"));
    CHECK(e.message.toStdString()
          == std::string("Line 1, column 3: expected a value, but found \"$\""));

    e = errorOf(QString());
    CHECK(e.message.toStdString()
          == std::string("Line 1, column 1: expected a value, but found the end of the rule"));
}

TEST_CASE("Columns count characters and the caret lines up under wide Chinese text",
          "[rules][parser]")
{
    const QString source = QStringLiteral("意向 == \"高\" or or");
    const RuleError e = errorOf(source);
    CHECK(e.column == 14);
    // Before the spot: 意向 and 高 are wide (two columns each), ten narrow characters: 16.
    CHECK(e.caretText(source)
          == source + QStringLiteral("\n") + QString(16, QLatin1Char(' ')) + QStringLiteral("^~"));
}

TEST_CASE("A source over 4 KB is refused with the spot where it goes over",
          "[rules][parser][limits]")
{
    QString source = QStringLiteral("a == 1");
    while (source.toUtf8().size() <= 4096)
        source += QStringLiteral(" or a == 1");
    const RuleError e = errorOf(source);
    CHECK(e.line == 1);
    CHECK(e.column == 4097);
    CHECK(e.message.toStdString()
          == QStringLiteral(
                 "Line 1, column 4097: expected at most 4096 bytes of text, but found %1 bytes")
                 .arg(source.toUtf8().size())
                 .toStdString());

    // Chinese text counts in UTF-8 bytes (3 per character): the quote and 1,365 characters are
    // exactly 4,096 bytes, so the 1,366th character (column 1,367) is the one that goes over.
    const RuleError chinese = errorOf(QStringLiteral("\"%1\"").arg(QString(1366, QChar(0x9AD8))));
    CHECK(chinese.column == 1367);

    // Exactly at the limit is accepted by the size check.
    QString exact
        = QStringLiteral("a == \"") + QString(4096 - 7, QLatin1Char('x')) + QStringLiteral("\"");
    REQUIRE(exact.toUtf8().size() == 4096);
    RuleAst ast;
    CHECK_FALSE(RuleParser::parse(exact, ast));
}

TEST_CASE("Nesting deeper than 32 is refused, never a stack overflow", "[rules][parser][limits]")
{
    const QString ok
        = QString(32, QLatin1Char('(')) + QStringLiteral("a") + QString(32, QLatin1Char(')'));
    RuleAst ast;
    CHECK_FALSE(RuleParser::parse(ok, ast));

    const QString deep
        = QString(33, QLatin1Char('(')) + QStringLiteral("a") + QString(33, QLatin1Char(')'));
    RuleError e = errorOf(deep);
    CHECK(e.column == 33);
    CHECK(e.message.toStdString()
          == std::string("Line 1, column 33: expected at most 32 levels of brackets, lists, calls "
                         "and \"not\", but found level 33"));

    // Far deeper than any stack would take if it recursed without a bound.
    e = errorOf(QString(2000, QLatin1Char('[')));
    CHECK(e.column == 33);
    e = errorOf(QStringLiteral("not ").repeated(1000) + QStringLiteral("a"));
    CHECK(e.column == 129);
    e = errorOf(QStringLiteral("-").repeated(1000) + QStringLiteral("1"));
    CHECK(e.column == 33);
    e = errorOf(QStringLiteral("lower(").repeated(40) + QStringLiteral("a")
                + QString(40, QLatin1Char(')')));
    CHECK(e.column == 193);
}

TEST_CASE("More than 1,000 nodes are refused", "[rules][parser][limits]")
{
    // A list of 999 numbers is 1,000 nodes with the list itself, in 2,000 bytes.
    const QString fits
        = QStringLiteral("[") + QStringLiteral("1,").repeated(999) + QStringLiteral("]");
    RuleAst ast;
    REQUIRE_FALSE(RuleParser::parse(fits, ast));
    CHECK(ast.nodes.size() == 1000);

    // One more number: the 1,000th "1" (column 1 + 2 × 999 + 1) is part 1,001.
    const QString over
        = QStringLiteral("[") + QStringLiteral("1,").repeated(1000) + QStringLiteral("]");
    const RuleError e = errorOf(over);
    CHECK(e.column == 2000);
    CHECK(e.message.toStdString()
          == std::string("Line 1, column 2000: expected at most 1000 parts in one condition, but "
                         "found part 1001"));

    // A left-deep sum 1+1+…: 499 numbers, 498 additions, a comparison and its 1 are 999 nodes;
    // 500 additions and 501 numbers are 1,001, and the 501st number (column 1,001) is the one.
    RuleAst sum;
    CHECK_FALSE(RuleParser::parse(
        QStringLiteral("1") + QStringLiteral("+1").repeated(498) + QStringLiteral(" > 1"), sum));
    const RuleError deep = errorOf(QStringLiteral("1") + QStringLiteral("+1").repeated(500));
    CHECK(deep.column == 1001);
    CHECK(deep.message.contains(QStringLiteral("part 1001")));
}
