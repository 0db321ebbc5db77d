#pragma once

#include "core/knowledge/articlesearch.h"

#include <QAbstractListModel>

namespace Leadline::Ui {

/// Knowledge-base articles found by a search or suggested for a customer, best first. Each row
/// carries its text as rich text (HtmlRole) with the search matches highlighted, for
/// RichTextDelegate. A search that could not be read shows as one disabled error row, never as
/// "nothing found".
class ArticleHitsModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ArticleHitsModel)

public:
    enum Column { ArticleColumn, ColumnCount };
    enum Role { IdRole = Qt::UserRole, TitleRole, HtmlRole };
    enum class Snippets { Shown, Hidden };

    static const QString highlightColor;

    explicit ArticleHitsModel(Snippets snippets, QObject *parent = nullptr);

    void setHits(const QList<ArticleHit> &hits);
    /// Replaces the rows with one disabled row saying why nothing can be listed.
    void setError(const QString &message);
    /// The article id of a row (empty for the error row or an invalid row).
    QString idAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    /// text as HTML with ranges marked in the highlight colour.
    static QString highlighted(const QString &text, const QList<TextRange> &ranges);

private:
    QString html(const ArticleHit &hit) const;

    Snippets m_snippets;
    QList<ArticleHit> m_hits;
    QString m_error;
};

} // namespace Leadline::Ui
