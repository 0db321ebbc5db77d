#include "suggestedscripts.h"

#include "errorstyle.h"

#include "core/domain/customer.h"
#include "core/domain/vocabulary.h"
#include "core/knowledge/articlesearch.h"

#include <QEvent>
#include <QLabel>
#include <QListWidget>
#include <QVBoxLayout>

namespace Leadline::Ui {

SuggestedScripts::SuggestedScripts(const ArticleSearch &search, QWidget *parent)
    : QWidget(parent)
    , m_search(search)
    , m_label(new QLabel(this))
    , m_list(new QListWidget(this))
{
    m_list->setObjectName(QStringLiteral("dialSuggestedScripts"));
    m_label->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_list, 1);
    retranslateUi();
    const auto open = [this](QListWidgetItem *item) {
        if (item)
            emit articleRequested(item->data(Qt::UserRole).toString());
    };
    connect(m_list, &QListWidget::itemActivated, this, open);
}

void SuggestedScripts::retranslateUi()
{
    m_label->setText(tr("Suggested scripts (Enter opens in the knowledge base)"));
    m_list->setAccessibleName(tr("Suggested scripts"));
}

void SuggestedScripts::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void SuggestedScripts::setCustomer(const Customer *customer)
{
    m_list->clear();
    if (!customer)
        return;
    const auto hits = m_search.suggestions(customer->stage, customer->industry,
                                           customer->customerType, 8);
    if (!hits) {
        // One row that says why, never an empty list that looks like "nothing fits".
        auto *item = new QListWidgetItem(hits.message(), m_list);
        item->setFlags(Qt::NoItemFlags);
        item->setForeground(errorColor());
        return;
    }
    for (const ArticleHit &hit : *hits) {
        auto *item = new QListWidgetItem(QStringLiteral("%1 · %2").arg(Vocabulary::label(hit.category), hit.title), m_list);
        item->setData(Qt::UserRole, hit.id);
    }
}

int SuggestedScripts::count() const
{
    return m_list->count();
}

QString SuggestedScripts::articleIdAt(int row) const
{
    const QListWidgetItem *item = m_list->item(row);
    return item ? item->data(Qt::UserRole).toString() : QString();
}

} // namespace Leadline::Ui
