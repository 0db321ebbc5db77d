#pragma once

#include "ruleast.h"
#include "ruleerror.h"
#include "ruletoken.h"

#include <QList>
#include <QString>

#include <optional>

namespace Leadline {

/// Reads a condition into a syntax tree (recursive descent, one token of look-ahead).
///
///   condition  := or END
///   or         := and ("or" and)*
///   and        := not ("and" not)*
///   not        := "not" not | comparison
///   comparison := additive [("=="|"="|"!="|"<>"|"<"|"<="|">"|">=") additive
///                           | ["not"] "in" additive]
///   additive   := unary (("+"|"-") unary)*
///   unary      := "-" unary | primary
///   primary    := number | duration | string | date | true | false | null
///               | "(" or ")" | "[" [or ("," or)* [","]] "]"
///               | name "(" [or ("," or)*] ")" | name ("." name)* | now
///
/// Refuses sources over RuleLimits::maxSourceBytes, nesting deeper than maxNesting and trees
/// over maxNodes with an error, so no input can exhaust the stack or memory.
class RuleParser final
{
public:
    /// Parses source into ast (replacing it); returns the first error, if any.
    static std::optional<RuleError> parse(const QString &source, RuleAst &ast);

private:
    explicit RuleParser(RuleAst &ast)
        : m_ast(ast)
    {}

    const RuleToken &current() const { return m_tokens.at(m_index); }
    const RuleToken &next() const
    {
        return m_tokens.at(qMin(m_index + 1, int(m_tokens.size()) - 1));
    }
    bool at(RuleTokenKind kind) const { return current().kind == kind; }
    const RuleToken &take() { return m_tokens.at(m_index++); }
    RuleError expected(const QString &what) const;

    int addNode(RuleNodeKind kind, const RuleToken &start);
    void finish(int node); ///< sets the node's length up to the last token taken
    int enter();           ///< one nesting level deeper; -1 when too deep (m_error set)
    void leave() { --m_depth; }

    int parseOr();
    int parseAnd();
    int parseNot();
    int parseComparison();
    int parseAdditive();
    int parseUnary();
    /// A prefix operator (not, unary minus) at the current token applied to operand().
    int parsePrefix(RuleNodeKind kind, int (RuleParser::*operand)());
    int parsePrimary();
    int parseList(const RuleToken &open);
    int parseCall(const RuleToken &name);
    int parsePath(const RuleToken &first);

    RuleAst &m_ast;
    QList<RuleToken> m_tokens;
    int m_index = 0;
    int m_depth = 0;
    std::optional<RuleError> m_error;
};

} // namespace Leadline
