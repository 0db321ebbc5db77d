#pragma once

#include "ruletype.h"

#include <QList>
#include <QString>
#include <QVariant>

namespace Leadline {

/// What a syntax-tree node is.
enum class RuleNodeKind {
    Literal,  ///< literal holds the value, type is set by the parser
    List,     ///< [children…]
    Field,    ///< name is the path as written ("intent", "last_call.disposition", "意向")
    Call,     ///< name(children…)
    Not,      ///< not child
    Negate,   ///< -child
    And,      ///< children joined by "and" (two or more)
    Or,       ///< children joined by "or" (two or more)
    Compare,  ///< child0 op child1
    In,       ///< child0 in child1 (negated: not in)
    Add,      ///< child0 + child1
    Subtract, ///< child0 - child1
};

/// The comparison operators.
enum class RuleCompareOp { Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual };

/// One node of a condition's syntax tree. Nodes live in RuleAst's flat array and refer to their
/// children by index, so the tree has no pointers to free and no recursion in its destructor.
struct RuleNode
{
    RuleNodeKind kind = RuleNodeKind::Literal;
    int offset = 0; ///< first UTF-16 unit of the node's source text
    int length = 0; ///< UTF-16 units of its source text
    int line = 1;   ///< where it starts, 1-based
    int column = 1; ///< where it starts, 1-based characters
    QVariant literal;
    QString name;
    RuleCompareOp op = RuleCompareOp::Equal;
    bool negated = false; ///< In: "not in"
    QList<int> children;

    // Filled in by the checker.
    RuleType type = RuleType::Unknown;
    QString key;    ///< Field: the resolved key ("intent", "last_call.disposition")
    QString domain; ///< the vocabulary a text value belongs to ("stage", "disposition"…)
};

} // namespace Leadline
