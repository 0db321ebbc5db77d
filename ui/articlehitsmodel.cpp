#include "articlehitsmodel.h"

#include "errorstyle.h"
#include "core/domain/vocabulary.h"

#include <QColor>

namespace Leadline::Ui {

const QString ArticleHitsModel::highlightColor = QStringLiteral("#ffe58f");

ArticleHitsModel::ArticleHitsModel(Snippets snippets, QObject *parent)
    : QAbstractListModel(parent)
    , m_snippets(snippets)
{}

void ArticleHitsModel::setHits(const QList<ArticleHit> &hits)
{
    beginResetModel();
    m_hits = hits;
    m_error.clear();
    endResetModel();
}

void ArticleHitsModel::setError(const QString &message)
{
    beginResetModel();
    m_hits.clear();
    m_error = message;
    endResetModel();
}

QString ArticleHitsModel::idAt(int row) const
{
    return row >= 0 && row < m_hits.size() ? m_hits.at(row).id : QString();
}

int ArticleHitsModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return m_error.isEmpty() ? int(m_hits.size()) : 1;
}

Qt::ItemFlags ArticleHitsModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid) || !m_error.isEmpty())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QVariant ArticleHitsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return {};
    if (!m_error.isEmpty()) {
        switch (role) {
        case Qt::DisplayRole:
        case Qt::AccessibleTextRole:
            return m_error;
        case HtmlRole:
            return QStringLiteral("<span style=\"color:%1\">%2</span>")
                .arg(errorColor().name(), m_error.toHtmlEscaped());
        case Qt::ForegroundRole:
            return errorColor();
        default:
            return {};
        }
    }
    const ArticleHit &hit = m_hits.at(index.row());
    switch (role) {
    case IdRole:
        return hit.id;
    case TitleRole:
    case Qt::AccessibleTextRole:
        return hit.title;
    case Qt::DisplayRole:
        return hit.title + QLatin1Char(' ') + Vocabulary::label(hit.category);
    case Qt::ToolTipRole:
        return hit.snippet.isEmpty() ? QVariant() : QVariant(hit.snippet);
    case HtmlRole:
        return html(hit);
    default:
        return {};
    }
}

QString ArticleHitsModel::html(const ArticleHit &hit) const
{
    QString out = QStringLiteral("<b>%1</b> <span style=\"color:gray\">%2</span>")
                      .arg(highlighted(hit.title, hit.titleRanges),
                           Vocabulary::label(hit.category).toHtmlEscaped());
    if (m_snippets == Snippets::Shown && !hit.snippet.isEmpty())
        out += QStringLiteral("<br/><small>%1</small>").arg(highlighted(hit.snippet, hit.snippetRanges));
    return out;
}

QString ArticleHitsModel::highlighted(const QString &text, const QList<TextRange> &ranges)
{
    QString html;
    int at = 0;
    for (const TextRange &range : ranges) {
        html += text.mid(at, range.start - at).toHtmlEscaped();
        html += QStringLiteral("<span style=\"background-color:%1\">%2</span>")
                    .arg(highlightColor, text.mid(range.start, range.length).toHtmlEscaped());
        at = range.start + range.length;
    }
    return html + text.mid(at).toHtmlEscaped();
}

} // namespace Leadline::Ui
