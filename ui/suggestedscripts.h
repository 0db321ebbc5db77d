#pragma once

#include <QWidget>

class QLabel;
class QListWidget;

namespace Leadline {
class ArticleSearch;
struct Customer;
} // namespace Leadline

namespace Leadline::Ui {

/// The scripts that suit the customer on the call (by stage, customer type and industry), best
/// first, beside the dial panel; Enter or a double click opens one in the knowledge base.
class SuggestedScripts final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SuggestedScripts)

public:
    explicit SuggestedScripts(const ArticleSearch &search, QWidget *parent = nullptr);

    /// Shows the suggestions for this customer (none when the customer is null).
    void setCustomer(const Customer *customer);
    int count() const;
    QString articleIdAt(int row) const;

signals:
    /// The agent asked to read a suggested article.
    void articleRequested(const QString &articleId);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();

    const ArticleSearch &m_search;
    QLabel *m_label;
    QListWidget *m_list;
};

} // namespace Leadline::Ui
