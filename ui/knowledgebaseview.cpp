#include "knowledgebaseview.h"

#include "articleeditordialog.h"
#include "articlehitsmodel.h"
#include "richtextdelegate.h"
#include "core/knowledge/scriptrenderer.h"
#include "core/domain/vocabulary.h"
#include "core/customers/customerrepository.h"
#include "core/knowledge/articlerepository.h"
#include "core/knowledge/articlesearch.h"
#include "core/reference/permissions.h"
#include "core/reference/referencerepository.h"
#include "core/storage/changebus.h"

#include <QAction>
#include <QClipboard>
#include <QColor>
#include <QDateTime>
#include <QEvent>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>
#include <QVBoxLayout>

namespace Leadline::Ui {

namespace {

const QColor highlightColor(ArticleHitsModel::highlightColor);

} // namespace

KnowledgeBaseView::KnowledgeBaseView(const Services &services, QWidget *parent)
    : QWidget(parent)
    , m_services(services)
    , m_searchBox(new QLineEdit(this))
    , m_resultsModel(new ArticleHitsModel(ArticleHitsModel::Snippets::Shown, this))
    , m_suggestionsModel(new ArticleHitsModel(ArticleHitsModel::Snippets::Hidden, this))
    , m_results(new QListView(this))
    , m_suggestionsLabel(new QLabel(this))
    , m_suggestions(new QListView(this))
    , m_meta(new QLabel(this))
    , m_viewer(new QTextBrowser(this))
    , m_copyButton(new QPushButton(this))
    , m_newButton(new QPushButton(this))
    , m_editButton(new QPushButton(this))
    , m_retireButton(new QPushButton(this))
    , m_copyAction(new QAction(this))
{
    setObjectName(QStringLiteral("knowledgeBase"));
    m_searchBox->setObjectName(QStringLiteral("kbSearch"));
    m_searchBox->setClearButtonEnabled(true);
    m_results->setObjectName(QStringLiteral("kbResults"));
    m_suggestions->setObjectName(QStringLiteral("kbSuggestions"));
    m_viewer->setObjectName(QStringLiteral("kbViewer"));
    m_viewer->setOpenExternalLinks(true);
    m_meta->setObjectName(QStringLiteral("kbMeta"));
    m_meta->setWordWrap(true);
    m_suggestionsLabel->setWordWrap(true); // carries the customer's name, of any length
    m_copyButton->setObjectName(QStringLiteral("kbCopy"));
    m_newButton->setObjectName(QStringLiteral("kbNew"));
    m_editButton->setObjectName(QStringLiteral("kbEdit"));
    m_retireButton->setObjectName(QStringLiteral("kbRetire"));
    m_results->setModel(m_resultsModel);
    m_suggestions->setModel(m_suggestionsModel);
    for (QListView *list : {m_results, m_suggestions}) {
        list->setItemDelegate(new RichTextDelegate(ArticleHitsModel::HtmlRole, list));
        list->setWordWrap(true);
        list->setUniformItemSizes(false);
        list->setResizeMode(QListView::Adjust); // rows re-wrap when the splitter moves
        list->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
        connect(list->selectionModel(), &QItemSelectionModel::currentChanged, this,
                &KnowledgeBaseView::onCurrentChanged);
        connect(list, &QListView::activated, this, [this] { m_viewer->setFocus(); });
    }

    m_copyAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_copyAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_copyAction);
    connect(m_copyAction, &QAction::triggered, this, &KnowledgeBaseView::copyRenderedScript);
    connect(m_copyButton, &QPushButton::clicked, this, &KnowledgeBaseView::copyRenderedScript);
    connect(m_newButton, &QPushButton::clicked, this, &KnowledgeBaseView::createArticle);
    connect(m_editButton, &QPushButton::clicked, this, &KnowledgeBaseView::editArticle);
    connect(m_retireButton, &QPushButton::clicked, this, &KnowledgeBaseView::retireArticle);
    connect(m_searchBox, &QLineEdit::textChanged, this, &KnowledgeBaseView::runSearch);
    connect(m_services.changes, &ChangeBus::changed, this, [this](const ChangeSet &changes) {
        // Suggestions follow the customer's stage, industry and type as they are edited; the
        // results and the article shown follow edits made here or pulled from the server.
        if (changes.touches({"articles"})) {
            runSearch();
            renderArticle();
        }
        if (!m_customerId.isEmpty() && changes.touchesCustomer(m_customerId))
            setCustomer(m_customerId);
        else if (changes.touches({"articles"}))
            refreshSuggestions();
        if (changes.touches({"agents"}))
            updateActions();
    });
    connect(m_searchBox, &QLineEdit::returnPressed, this, [this] {
        if (!m_resultsModel->idAt(0).isEmpty())
            m_results->setFocus();
    });

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_results, 3);
    leftLayout->addWidget(m_suggestionsLabel);
    leftLayout->addWidget(m_suggestions, 2);

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_meta);
    rightLayout->addWidget(m_viewer, 1);
    // The agent's button on its own row, the authoring ones below: the tab shares a laptop
    // screen with the list and the 360 view.
    auto *copyRow = new QHBoxLayout;
    copyRow->addWidget(m_copyButton);
    copyRow->addStretch(1);
    auto *authoringRow = new QHBoxLayout;
    authoringRow->addStretch(1);
    authoringRow->addWidget(m_newButton);
    authoringRow->addWidget(m_editButton);
    authoringRow->addWidget(m_retireButton);
    rightLayout->addLayout(copyRow);
    rightLayout->addLayout(authoringRow);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_searchBox);
    layout->addWidget(splitter, 1);
    setFocusProxy(m_searchBox);

    retranslateUi();
    runSearch();
    refreshSuggestions();
    updateActions();
}

void KnowledgeBaseView::retranslateUi()
{
    setWindowTitle(tr("Knowledge base"));
    m_searchBox->setPlaceholderText(tr("Search scripts and FAQ (title, text, tags)…"));
    m_searchBox->setAccessibleName(tr("Search the knowledge base"));
    m_results->setAccessibleName(tr("Articles found"));
    m_suggestionsLabel->setText(m_customer ? tr("Suggested for %1:").arg(m_customer->name)
                                           : tr("Suggested scripts:"));
    m_suggestions->setAccessibleName(tr("Suggested scripts"));
    m_viewer->setAccessibleName(tr("Article"));
    m_copyButton->setText(tr("&Copy script"));
    m_copyButton->setToolTip(tr("Copy the script with the customer's details filled in (%1)")
                                 .arg(m_copyAction->shortcut().toString(QKeySequence::NativeText)));
    m_copyAction->setText(tr("Copy rendered script"));
    m_newButton->setText(tr("&New article…"));
    m_editButton->setText(tr("&Edit…"));
    m_retireButton->setText(tr("&Retire"));
    if (m_articleId.isEmpty())
        m_meta->setText(tr("Type to search; the first match opens here."));
}

void KnowledgeBaseView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void KnowledgeBaseView::showEvent(QShowEvent *event)
{
    // The customer may have moved on (stage, industry) while the tab was hidden.
    if (!m_customerId.isEmpty())
        setCustomer(m_customerId);
    QWidget::showEvent(event);
}

void KnowledgeBaseView::runSearch()
{
    const QString text = m_searchBox->text();
    const auto found = text.trimmed().isEmpty() ? Result<QList<ArticleHit>>(QList<ArticleHit>())
                                                : m_services.articleSearch->search(text, 50);
    const QSignalBlocker blocker(m_results->selectionModel());
    if (!found) {
        // What cannot be read is not shown as "nothing found".
        m_resultsModel->setError(found.message());
        return;
    }
    m_resultsModel->setHits(*found);
    if (!found->isEmpty()) {
        m_results->setCurrentIndex(m_resultsModel->index(0));
        openArticle(found->first().id);
    } else if (!m_articleId.isEmpty()) {
        renderArticle(); // drop stale highlights
    }
}

void KnowledgeBaseView::refreshSuggestions()
{
    const QSignalBlocker blocker(m_suggestions->selectionModel());
    const auto hits = m_customer ? m_services.articleSearch->suggestions(
                                       m_customer->stage, m_customer->industry,
                                       m_customer->customerType, 8)
                                 : Result<QList<ArticleHit>>(QList<ArticleHit>());
    if (hits)
        m_suggestionsModel->setHits(*hits);
    else
        m_suggestionsModel->setError(hits.message());
    m_suggestionsLabel->setText(m_customer ? tr("Suggested for %1:").arg(m_customer->name)
                                           : tr("Suggested scripts:"));
}

void KnowledgeBaseView::setCustomer(const QString &customerId)
{
    m_customerId = customerId;
    m_customer.reset();
    if (!customerId.isEmpty() && m_services.customers) {
        // Without the customer's record the scripts show ⟦missing: customer.…⟧, never a hole.
        if (const auto customer = m_services.customers->load(customerId))
            m_customer = *customer;
    }
    refreshSuggestions();
    renderArticle();
}

void KnowledgeBaseView::onCurrentChanged(const QModelIndex &current)
{
    if (const QString id = current.data(ArticleHitsModel::IdRole).toString(); !id.isEmpty())
        openArticle(id);
}

void KnowledgeBaseView::openArticle(const QString &articleId)
{
    m_articleId = articleId;
    renderArticle();
    updateActions();
}

void KnowledgeBaseView::renderArticle()
{
    const std::optional<Article> article = m_articleId.isEmpty() ? std::nullopt
                                                                 : m_services.articles->load(m_articleId);
    if (!article) {
        m_articleId.clear();
        m_viewer->clear();
        retranslateUi();
        updateActions();
        return;
    }
    std::optional<Contact> contact;
    if (m_customer && !m_customer->contacts.isEmpty()) {
        contact = m_customer->contacts.first();
        for (const Contact &c : m_customer->contacts) {
            if (c.isPrimary)
                contact = c;
        }
    }
    std::optional<Agent> agent;
    if (m_services.reference) {
        // Without the agent's record the script shows ⟦missing: agent.name⟧, never a hole.
        if (const auto me = m_services.reference->agent(m_services.permissions->currentAgentId()))
            agent = *me;
    }
    const Customer customer = m_customer.value_or(Customer{});
    m_viewer->setMarkdown(ScriptRenderer(customer, contact, agent).render(article->body));

    QTextCharFormat mark;
    mark.setBackground(highlightColor);
    QTextDocument *document = m_viewer->document();
    for (const QString &term : ArticleSearch::searchTerms(m_searchBox->text())) {
        QTextCursor cursor(document);
        while (true) {
            cursor = document->find(term, cursor);
            if (cursor.isNull())
                break;
            cursor.mergeCharFormat(mark);
        }
    }
    QStringList meta = {QStringLiteral("<b>%1</b>").arg(article->title.toHtmlEscaped()),
                        Vocabulary::label(article->category).toHtmlEscaped()};
    if (!article->tags.isEmpty())
        meta.append(tr("Tags: %1").arg(article->tags).toHtmlEscaped());
    meta.append(tr("%1, updated %2")
                    .arg(article->author,
                         QLocale().toString(QDateTime::fromMSecsSinceEpoch(article->updatedAt).date(),
                                            QLocale::ShortFormat))
                    .toHtmlEscaped());
    m_meta->setText(meta.join(QStringLiteral(" · ")));
}

void KnowledgeBaseView::copyRenderedScript()
{
    if (m_articleId.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(m_viewer->toPlainText());
    emit scriptCopied();
}

void KnowledgeBaseView::updateActions()
{
    const bool canEdit = m_services.permissions->may(Permissions::Action::EditKnowledgeBase);
    const bool open = !m_articleId.isEmpty();
    m_newButton->setVisible(canEdit);
    m_editButton->setVisible(canEdit);
    m_retireButton->setVisible(canEdit);
    m_editButton->setEnabled(open);
    m_retireButton->setEnabled(open);
    m_copyButton->setEnabled(open);
    m_copyAction->setEnabled(open);
}

void KnowledgeBaseView::createArticle()
{
    Article draft;
    draft.category = ArticleRepository::categories().value(0);
    QString createdId;
    ArticleEditorDialog dialog(draft, [&](const Article &article) -> Status {
        auto created = m_services.articles->create(article);
        if (!created)
            return created.error();
        createdId = created.value();
        return {};
    }, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    runSearch();
    refreshSuggestions();
    openArticle(createdId);
}

void KnowledgeBaseView::editArticle()
{
    const std::optional<Article> article = m_services.articles->load(m_articleId);
    if (!article)
        return;
    ArticleEditorDialog dialog(*article, [this](const Article &edited) { return m_services.articles->save(edited); }, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString id = m_articleId;
    runSearch();
    refreshSuggestions();
    openArticle(id);
}

void KnowledgeBaseView::retireArticle()
{
    const std::optional<Article> article = m_services.articles->load(m_articleId);
    if (!article)
        return;
    const auto answer = QMessageBox::question(
        this, tr("Retire article"),
        tr("Retire \"%1\"? Agents will no longer find it; it stays in the workspace's history.")
            .arg(article->title));
    if (answer != QMessageBox::Yes)
        return;
    if (auto retired = m_services.articles->setRetired(article->id, true); !retired) {
        QMessageBox::warning(this, tr("Retire article"), retired.message());
        return;
    }
    m_articleId.clear();
    runSearch();
    refreshSuggestions();
    renderArticle();
}

} // namespace Leadline::Ui
