#include "ruleparser.h"

#include "rulelexer.h"
#include "rulelimits.h"

#include <QCoreApplication>

namespace Leadline {

namespace {

QString quoted(const char *symbol)
{
    return QStringLiteral("\"%1\"").arg(QLatin1String(symbol));
}

// The spot where a source first goes over the byte limit, so the error can point at it.
RuleError tooLong(const QString &source, qsizetype bytes)
{
    int line = 1;
    int column = 1;
    qsizetype used = 0;
    int offset = 0;
    for (; offset < source.size(); ++offset) {
        const QChar c = source.at(offset);
        const int size = c.unicode() < 0x80 ? 1 : c.unicode() < 0x800 ? 2 : c.isSurrogate() ? 2 : 3;
        if (used + size > RuleLimits::maxSourceBytes)
            break;
        used += size;
        if (c == QLatin1Char('\n')) {
            ++line;
            column = 1;
        } else if (!c.isHighSurrogate()) {
            ++column;
        }
    }
    return RuleError::at(line, column, offset, 1,
                         QCoreApplication::translate("Leadline::Rules", "at most %1 bytes of text")
                             .arg(RuleLimits::maxSourceBytes),
                         QCoreApplication::translate("Leadline::Rules", "%1 bytes").arg(bytes));
}

} // namespace

std::optional<RuleError> RuleParser::parse(const QString &source, RuleAst &ast)
{
    ast = RuleAst{};
    ast.source = source;
    const qsizetype bytes = source.toUtf8().size();
    if (bytes > RuleLimits::maxSourceBytes)
        return tooLong(source, bytes);
    RuleParser parser(ast);
    RuleLexer lexer(source);
    if (auto error = lexer.tokenize(parser.m_tokens))
        return error;
    const int root = parser.parseOr();
    if (parser.m_error)
        return parser.m_error;
    if (!parser.at(RuleTokenKind::End))
        return parser.expected(QCoreApplication::translate(
            "Leadline::Rules", "\"and\", \"or\" or the end of the rule"));
    ast.root = root;
    return std::nullopt;
}

RuleError RuleParser::expected(const QString &what) const
{
    const RuleToken &token = current();
    return RuleError::at(token.line, token.column, token.offset, token.length, what,
                         RuleLexer::describe(token));
}

int RuleParser::addNode(RuleNodeKind kind, const RuleToken &start)
{
    if (m_ast.nodes.size() >= RuleLimits::maxNodes) {
        m_error = RuleError::at(
            start.line, start.column, start.offset, start.length,
            QCoreApplication::translate("Leadline::Rules", "at most %1 parts in one condition")
                .arg(RuleLimits::maxNodes),
            QCoreApplication::translate("Leadline::Rules", "part %1")
                .arg(RuleLimits::maxNodes + 1));
        return -1;
    }
    RuleNode node;
    node.kind = kind;
    node.offset = start.offset;
    node.line = start.line;
    node.column = start.column;
    node.length = start.length;
    m_ast.nodes.append(node);
    return int(m_ast.nodes.size()) - 1;
}

void RuleParser::finish(int node)
{
    if (node < 0 || m_index == 0)
        return;
    const RuleToken &last = m_tokens.at(m_index - 1);
    RuleNode &n = m_ast.nodes[node];
    n.length = qMax(n.length, last.offset + last.length - n.offset);
}

int RuleParser::enter()
{
    if (++m_depth > RuleLimits::maxNesting) {
        const RuleToken &token = current();
        m_error = RuleError::at(
            token.line, token.column, token.offset, token.length,
            QCoreApplication::translate("Leadline::Rules",
                                        "at most %1 levels of brackets, lists, calls and \"not\"")
                .arg(RuleLimits::maxNesting),
            QCoreApplication::translate("Leadline::Rules", "level %1").arg(m_depth));
        return -1;
    }
    return 0;
}

int RuleParser::parseOr()
{
    const RuleToken &start = current();
    const int first = parseAnd();
    if (first < 0 || !at(RuleTokenKind::Or))
        return first;
    const int node = addNode(RuleNodeKind::Or, start);
    if (node < 0)
        return -1;
    m_ast.nodes[node].children.append(first);
    while (at(RuleTokenKind::Or)) {
        take();
        const int child = parseAnd();
        if (child < 0)
            return -1;
        m_ast.nodes[node].children.append(child);
    }
    finish(node);
    return node;
}

int RuleParser::parseAnd()
{
    const RuleToken &start = current();
    const int first = parseNot();
    if (first < 0 || !at(RuleTokenKind::And))
        return first;
    const int node = addNode(RuleNodeKind::And, start);
    if (node < 0)
        return -1;
    m_ast.nodes[node].children.append(first);
    while (at(RuleTokenKind::And)) {
        take();
        const int child = parseNot();
        if (child < 0)
            return -1;
        m_ast.nodes[node].children.append(child);
    }
    finish(node);
    return node;
}

int RuleParser::parseNot()
{
    if (!at(RuleTokenKind::Not))
        return parseComparison();
    return parsePrefix(RuleNodeKind::Not, &RuleParser::parseNot);
}

int RuleParser::parsePrefix(RuleNodeKind kind, int (RuleParser::*operand)())
{
    if (enter() < 0)
        return -1;
    const int node = addNode(kind, take());
    if (node < 0)
        return -1;
    const int child = (this->*operand)();
    if (child < 0)
        return -1;
    leave();
    m_ast.nodes[node].children.append(child);
    finish(node);
    return node;
}

int RuleParser::parseComparison()
{
    const RuleToken &start = current();
    const int left = parseAdditive();
    if (left < 0)
        return -1;
    static const QHash<RuleTokenKind, RuleCompareOp> operators = {
        {RuleTokenKind::Equal, RuleCompareOp::Equal},
        {RuleTokenKind::NotEqual, RuleCompareOp::NotEqual},
        {RuleTokenKind::Less, RuleCompareOp::Less},
        {RuleTokenKind::LessEqual, RuleCompareOp::LessEqual},
        {RuleTokenKind::Greater, RuleCompareOp::Greater},
        {RuleTokenKind::GreaterEqual, RuleCompareOp::GreaterEqual},
    };
    int node = -1;
    if (operators.contains(current().kind)) {
        node = addNode(RuleNodeKind::Compare, start);
        if (node < 0)
            return -1;
        m_ast.nodes[node].op = operators.value(take().kind);
    } else if (at(RuleTokenKind::In)
               || (at(RuleTokenKind::Not) && next().kind == RuleTokenKind::In)) {
        node = addNode(RuleNodeKind::In, start);
        if (node < 0)
            return -1;
        m_ast.nodes[node].negated = at(RuleTokenKind::Not);
        if (take().kind == RuleTokenKind::Not)
            take();
    } else {
        return left;
    }
    const int right = parseAdditive();
    if (right < 0)
        return -1;
    m_ast.nodes[node].children = {left, right};
    finish(node);
    return node;
}

int RuleParser::parseAdditive()
{
    const RuleToken &start = current();
    int left = parseUnary();
    while (left >= 0 && (at(RuleTokenKind::Plus) || at(RuleTokenKind::Minus))) {
        const int node = addNode(
            take().kind == RuleTokenKind::Plus ? RuleNodeKind::Add : RuleNodeKind::Subtract, start);
        if (node < 0)
            return -1;
        const int right = parseUnary();
        if (right < 0)
            return -1;
        m_ast.nodes[node].children = {left, right};
        finish(node);
        left = node;
    }
    return left;
}

int RuleParser::parseUnary()
{
    if (!at(RuleTokenKind::Minus))
        return parsePrimary();
    return parsePrefix(RuleNodeKind::Negate, &RuleParser::parseUnary);
}

int RuleParser::parsePrimary()
{
    const RuleToken &token = current();
    static const QHash<RuleTokenKind, RuleType> literals = {
        {RuleTokenKind::Number, RuleType::Number}, {RuleTokenKind::Duration, RuleType::Duration},
        {RuleTokenKind::String, RuleType::Text},   {RuleTokenKind::Date, RuleType::DateTime},
        {RuleTokenKind::True, RuleType::Bool},     {RuleTokenKind::False, RuleType::Bool},
        {RuleTokenKind::Null, RuleType::Null},
    };
    if (const auto literal = literals.constFind(token.kind); literal != literals.cend()) {
        const int node = addNode(RuleNodeKind::Literal, take());
        if (node < 0)
            return -1;
        RuleNode &n = m_ast.nodes[node];
        n.type = *literal;
        if (token.kind == RuleTokenKind::True || token.kind == RuleTokenKind::False)
            n.literal = token.kind == RuleTokenKind::True;
        else
            n.literal = token.value;
        return node;
    }
    if (token.kind == RuleTokenKind::LeftParen) {
        if (enter() < 0)
            return -1;
        take();
        const int inner = parseOr();
        if (inner < 0)
            return -1;
        if (!at(RuleTokenKind::RightParen)) {
            m_error = expected(quoted(")"));
            return -1;
        }
        take();
        leave();
        return inner;
    }
    if (token.kind == RuleTokenKind::LeftBracket) {
        if (enter() < 0)
            return -1;
        return parseList(take());
    }
    if (token.kind == RuleTokenKind::Identifier) {
        if (next().kind == RuleTokenKind::LeftParen) {
            if (enter() < 0)
                return -1;
            return parseCall(take());
        }
        return parsePath(take());
    }
    m_error = expected(QCoreApplication::translate("Leadline::Rules", "a value"));
    return -1;
}

int RuleParser::parseList(const RuleToken &open)
{
    const int node = addNode(RuleNodeKind::List, open);
    if (node < 0)
        return -1;
    while (!at(RuleTokenKind::RightBracket)) {
        const int element = parseOr();
        if (element < 0)
            return -1;
        m_ast.nodes[node].children.append(element);
        if (at(RuleTokenKind::Comma)) {
            take();
            continue;
        }
        if (!at(RuleTokenKind::RightBracket)) {
            m_error = expected(QCoreApplication::translate("Leadline::Rules", "\",\" or \"]\""));
            return -1;
        }
    }
    take();
    leave();
    finish(node);
    return node;
}

int RuleParser::parseCall(const RuleToken &name)
{
    const int node = addNode(RuleNodeKind::Call, name);
    if (node < 0)
        return -1;
    m_ast.nodes[node].name = name.value.toString();
    take(); // (
    if (!at(RuleTokenKind::RightParen)) {
        while (true) {
            const int argument = parseOr();
            if (argument < 0)
                return -1;
            m_ast.nodes[node].children.append(argument);
            if (at(RuleTokenKind::Comma)) {
                take();
                continue;
            }
            if (at(RuleTokenKind::RightParen))
                break;
            m_error = expected(QCoreApplication::translate("Leadline::Rules", "\",\" or \")\""));
            return -1;
        }
    }
    take(); // )
    leave();
    finish(node);
    return node;
}

int RuleParser::parsePath(const RuleToken &first)
{
    const bool bareNow
        = first.value.toString().compare(QLatin1String("now"), Qt::CaseInsensitive) == 0
          && !at(RuleTokenKind::Dot);
    const int node = addNode(bareNow ? RuleNodeKind::Call : RuleNodeKind::Field, first);
    if (node < 0)
        return -1;
    QString path = first.value.toString();
    while (at(RuleTokenKind::Dot)) {
        take();
        if (!at(RuleTokenKind::Identifier)) {
            m_error = expected(QCoreApplication::translate("Leadline::Rules", "a field name"));
            return -1;
        }
        path += QLatin1Char('.') + take().value.toString();
    }
    m_ast.nodes[node].name = bareNow ? QStringLiteral("now") : path;
    finish(node);
    return node;
}

} // namespace Leadline
