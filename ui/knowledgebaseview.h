#pragma once

#include "services.h"
#include "core/domain/activity.h"
#include "core/domain/customer.h"
#include "core/knowledge/articlerepository.h"
#include "core/knowledge/articlesearch.h"

#include <QWidget>

#include <optional>

class QAction;
class QLabel;
class QLineEdit;
class QListView;
class QModelIndex;
class QPushButton;
class QTextBrowser;

namespace Leadline::Ui {

class ArticleHitsModel;

/// The knowledge-base work tab (话术库): search as you type with the matches highlighted, the
/// article rendered for the customer on screen, scripts suggested for that customer, one
/// keystroke (Ctrl+Shift+C) to copy the rendered script; supervisors also create, edit and
/// retire articles.
class KnowledgeBaseView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KnowledgeBaseView)

public:
    explicit KnowledgeBaseView(const Services &services, QWidget *parent = nullptr);

    /// Follows the customer shown in the 360 view: merge fields and suggestions are for them.
    void setCustomer(const QString &customerId);
    /// Shows one article (rendered, with the current search's matches highlighted).
    void openArticle(const QString &articleId);
    /// Copies the open article's rendered text to the clipboard.
    void copyRenderedScript();
    /// The id of the article on screen (empty when none).
    QString currentArticleId() const { return m_articleId; }

signals:
    /// The rendered script was copied to the clipboard.
    void scriptCopied();

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void retranslateUi();
    void runSearch();
    void refreshSuggestions();
    void renderArticle();
    void updateActions();
    void onCurrentChanged(const QModelIndex &current);
    void createArticle();
    void editArticle();
    void retireArticle();

    Services m_services;
    QString m_customerId;
    std::optional<Customer> m_customer;
    QString m_articleId;

    QLineEdit *m_searchBox;
    ArticleHitsModel *m_resultsModel;
    ArticleHitsModel *m_suggestionsModel;
    QListView *m_results;
    QLabel *m_suggestionsLabel;
    QListView *m_suggestions;
    QLabel *m_meta;
    QTextBrowser *m_viewer;
    QPushButton *m_copyButton;
    QPushButton *m_newButton;
    QPushButton *m_editButton;
    QPushButton *m_retireButton;
    QAction *m_copyAction;
};

} // namespace Leadline::Ui
