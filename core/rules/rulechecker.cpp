#include "rulechecker.h"

#include "rulefield.h"
#include "rulefunction.h"

#include <QCoreApplication>

namespace Leadline {

namespace {

// One checking pass over one tree; stops at the first error.
class Pass final
{
public:
    Pass(RuleAst &ast, const RuleCheckContext &context)
        : m_ast(ast)
        , m_context(context)
    {}

    std::optional<RuleError> run()
    {
        if (check(m_ast.root))
            expect(m_ast.root, RuleType::Bool);
        return m_error;
    }

private:
    RuleNode &node(int index) { return m_ast.nodes[index]; }

    QString found(int index) const
    {
        QString text = m_ast.text(index).simplified();
        if (text.size() > 24)
            text = text.left(24) + QStringLiteral("…");
        const bool quoted = text.startsWith(QLatin1Char('"')) || text.startsWith(QLatin1Char('\''))
                            || text.startsWith(QChar(0x201C));
        if (!quoted)
            text = QStringLiteral("\"%1\"").arg(text);
        return QCoreApplication::translate("Leadline::Rules", "%1 (%2)")
            .arg(text, ruleTypeName(m_ast.node(index).type));
    }

    bool fail(int index, const QString &expected, const QString &foundText)
    {
        const RuleNode &n = m_ast.node(index);
        m_error = RuleError::at(n.line, n.column, n.offset, n.length, expected, foundText);
        return false;
    }

    bool expect(int index, RuleType type)
    {
        if (m_ast.node(index).type == type)
            return true;
        return fail(index, ruleTypeName(type), found(index));
    }

    bool expectOneOf(int index, std::initializer_list<RuleType> types, const QString &expected)
    {
        for (const RuleType type : types) {
            if (m_ast.node(index).type == type)
                return true;
        }
        return fail(index, expected, found(index));
    }

    // A text literal standing for a value of a domain must be one of its values.
    bool checkDomainLiteral(int literal, const QString &domain)
    {
        const RuleNode &n = m_ast.node(literal);
        if (domain.isEmpty() || n.kind != RuleNodeKind::Literal || n.type != RuleType::Text)
            return true;
        const QStringList values = m_context.values(domain);
        if (values.contains(n.literal.toString()))
            return true;
        return fail(
            literal,
            QCoreApplication::translate("Leadline::Rules", "%1 (%2)")
                .arg(RuleCheckContext::domainName(domain), values.join(QStringLiteral(", "))),
            QStringLiteral("\"%1\"").arg(n.literal.toString()));
    }

    bool check(int index);
    bool checkField(int index);
    bool checkCall(int index);
    bool checkList(int index);
    bool checkCompare(int index);
    bool checkIn(int index);
    bool checkArithmetic(int index);

    RuleAst &m_ast;
    const RuleCheckContext &m_context;
    std::optional<RuleError> m_error;
};

bool Pass::check(int index)
{
    RuleNode &n = node(index);
    switch (n.kind) {
    case RuleNodeKind::Literal:
        return true;
    case RuleNodeKind::Field:
        return checkField(index);
    case RuleNodeKind::Call:
        return checkCall(index);
    case RuleNodeKind::List:
        return checkList(index);
    case RuleNodeKind::Not:
    case RuleNodeKind::And:
    case RuleNodeKind::Or:
        for (const int child : std::as_const(n.children)) {
            if (!check(child) || !expect(child, RuleType::Bool))
                return false;
        }
        node(index).type = RuleType::Bool;
        return true;
    case RuleNodeKind::Negate: {
        const int child = n.children.at(0);
        if (!check(child)
            || !expectOneOf(
                child, {RuleType::Number, RuleType::Duration},
                QCoreApplication::translate("Leadline::Rules", "a number or a duration")))
            return false;
        node(index).type = m_ast.node(child).type;
        return true;
    }
    case RuleNodeKind::Compare:
        return checkCompare(index);
    case RuleNodeKind::In:
        return checkIn(index);
    case RuleNodeKind::Add:
    case RuleNodeKind::Subtract:
        return checkArithmetic(index);
    }
    return false;
}

bool Pass::checkField(int index)
{
    RuleNode &n = node(index);
    const auto field = RuleField::resolve(n.name);
    if (!field) {
        const QString suggestion = RuleField::closest(n.name);
        const QString expected
            = suggestion.isEmpty()
                  ? QCoreApplication::translate("Leadline::Rules",
                                                "a customer field, last_call.… or last_todo.…")
                  : QCoreApplication::translate("Leadline::Rules", "a field such as \"%1\"")
                        .arg(suggestion);
        return fail(index, expected, QStringLiteral("\"%1\"").arg(n.name));
    }
    n.type = field->type;
    n.key = field->key;
    n.domain = field->domain;
    return true;
}

bool Pass::checkCall(int index)
{
    const QString name = node(index).name;
    const RuleFunction *function = RuleFunction::find(name);
    if (!function)
        return fail(index,
                    QCoreApplication::translate("Leadline::Rules", "a function (%1)")
                        .arg(RuleFunction::names()),
                    QStringLiteral("\"%1\"").arg(name));
    const QList<int> arguments = node(index).children;
    if (arguments.size() != function->params.size()) {
        return fail(
            index,
            QCoreApplication::translate("Leadline::Rules", "the number of arguments %1 takes (%2)")
                .arg(QLatin1String(function->name))
                .arg(function->params.size()),
            QString::number(arguments.size()));
    }
    for (int i = 0; i < arguments.size(); ++i) {
        const int argument = arguments.at(i);
        if (!check(argument))
            return false;
        bool ok = true;
        switch (function->params.at(i)) {
        case RuleParam::Text:
            ok = expect(argument, RuleType::Text);
            break;
        case RuleParam::DateTime:
            ok = expect(argument, RuleType::DateTime);
            break;
        case RuleParam::Days:
            ok = expectOneOf(
                argument, {RuleType::Number, RuleType::Duration},
                QCoreApplication::translate("Leadline::Rules", "a number of days or a duration"));
            break;
        case RuleParam::TextOrList:
            ok = expectOneOf(
                argument, {RuleType::Text, RuleType::TextList},
                QCoreApplication::translate("Leadline::Rules", "text or a list of text"));
            break;
        case RuleParam::Disposition:
            ok = expect(argument, RuleType::Text)
                 && checkDomainLiteral(argument, QStringLiteral("disposition"));
            break;
        }
        if (!ok)
            return false;
    }
    RuleNode &n = node(index);
    n.name = QLatin1String(function->name);
    n.type = function->result;
    return true;
}

bool Pass::checkList(int index)
{
    const QList<int> elements = node(index).children;
    RuleType element = RuleType::Unknown;
    for (const int child : elements) {
        if (!check(child))
            return false;
        if (element == RuleType::Unknown) {
            if (!expectOneOf(child, {RuleType::Text, RuleType::Number},
                             QCoreApplication::translate("Leadline::Rules", "text or a number")))
                return false;
            element = m_ast.node(child).type;
        } else if (!expect(child, element)) {
            return false;
        }
    }
    node(index).type = element == RuleType::Text     ? RuleType::TextList
                       : element == RuleType::Number ? RuleType::NumberList
                                                     : RuleType::EmptyList;
    return true;
}

bool Pass::checkCompare(int index)
{
    const int left = node(index).children.at(0);
    const int right = node(index).children.at(1);
    if (!check(left) || !check(right))
        return false;
    const RuleType leftType = m_ast.node(left).type;
    const RuleType rightType = m_ast.node(right).type;
    const RuleCompareOp op = node(index).op;
    node(index).type = RuleType::Bool;
    if (op == RuleCompareOp::Equal || op == RuleCompareOp::NotEqual) {
        if (isListType(leftType))
            return fail(left, QCoreApplication::translate("Leadline::Rules", "a single value"),
                        found(left));
        if (leftType == RuleType::Null || rightType == RuleType::Null) {
            return !isListType(rightType)
                   || fail(right, QCoreApplication::translate("Leadline::Rules", "a single value"),
                           found(right));
        }
        if (!expect(right, leftType))
            return false;
        return checkDomainLiteral(right, m_ast.node(left).domain)
               && checkDomainLiteral(left, m_ast.node(right).domain);
    }
    if (!expectOneOf(
            left, {RuleType::Number, RuleType::DateTime, RuleType::Duration},
            QCoreApplication::translate("Leadline::Rules", "a number, a date or a duration")))
        return false;
    return expect(right, leftType);
}

bool Pass::checkIn(int index)
{
    const int left = node(index).children.at(0);
    const int right = node(index).children.at(1);
    if (!check(left) || !check(right))
        return false;
    node(index).type = RuleType::Bool;
    if (!expectOneOf(left, {RuleType::Text, RuleType::Number},
                     QCoreApplication::translate("Leadline::Rules", "text or a number")))
        return false;
    const RuleType leftType = m_ast.node(left).type;
    const RuleType listType
        = leftType == RuleType::Text ? RuleType::TextList : RuleType::NumberList;
    if (m_ast.node(right).type != RuleType::EmptyList && !expect(right, listType))
        return false;
    const QString domain = m_ast.node(left).domain;
    if (m_ast.node(right).kind == RuleNodeKind::List) {
        for (const int element : m_ast.node(right).children) {
            if (!checkDomainLiteral(element, domain))
                return false;
        }
    }
    return true;
}

bool Pass::checkArithmetic(int index)
{
    const bool add = node(index).kind == RuleNodeKind::Add;
    const int left = node(index).children.at(0);
    const int right = node(index).children.at(1);
    if (!check(left) || !check(right))
        return false;
    if (!expectOneOf(
            left, {RuleType::Number, RuleType::DateTime, RuleType::Duration},
            QCoreApplication::translate("Leadline::Rules", "a number, a date or a duration")))
        return false;
    const RuleType leftType = m_ast.node(left).type;
    const RuleType rightType = m_ast.node(right).type;
    RuleType result = RuleType::Unknown;
    if (leftType == RuleType::Number) {
        if (!expect(right, RuleType::Number))
            return false;
        result = RuleType::Number;
    } else if (leftType == RuleType::Duration) {
        if (!expect(right, RuleType::Duration))
            return false;
        result = RuleType::Duration;
    } else if (!add && rightType == RuleType::DateTime) {
        result = RuleType::Duration; // the time between two instants
    } else {
        if (!expectOneOf(
                right, {RuleType::Duration},
                add ? ruleTypeName(RuleType::Duration)
                    : QCoreApplication::translate("Leadline::Rules", "a duration or a date")))
            return false;
        result = RuleType::DateTime;
    }
    node(index).type = result;
    return true;
}

} // namespace

std::optional<RuleError> RuleChecker::check(RuleAst &ast) const
{
    ast.checked = false;
    if (ast.root < 0)
        return RuleError::at(1, 1, 0, 1, QCoreApplication::translate("Leadline::Rules", "a value"),
                             QCoreApplication::translate("Leadline::Rules", "the end of the rule"));
    Pass pass(ast, m_context);
    if (auto error = pass.run())
        return error;
    ast.checked = true;
    return std::nullopt;
}

} // namespace Leadline
