#include "articleeditordialog.h"

#include "core/knowledge/scriptrenderer.h"
#include "core/domain/vocabulary.h"
#include "core/knowledge/articlerepository.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace Leadline::Ui {

ArticleEditorDialog::ArticleEditorDialog(const Article &article,
                                         std::function<Status(const Article &)> save,
                                         QWidget *parent)
    : QDialog(parent)
    , m_article(article)
    , m_save(std::move(save))
    , m_title(new QLineEdit(article.title, this))
    , m_category(new QComboBox(this))
    , m_tags(new QLineEdit(article.tags, this))
    , m_stages(new QLineEdit(article.stages, this))
    , m_industries(new QLineEdit(article.industries, this))
    , m_customerTypes(new QLineEdit(article.customerTypes, this))
    , m_body(new QPlainTextEdit(article.body, this))
    , m_error(new QLabel(this))
{
    setWindowTitle(article.id.isEmpty() ? tr("New article") : tr("Edit article"));
    setObjectName(QStringLiteral("articleEditor"));
    m_title->setObjectName(QStringLiteral("articleTitle"));
    m_body->setObjectName(QStringLiteral("articleBody"));
    m_category->setEditable(true);
    m_category->addItems(ArticleRepository::categories());
    m_category->setCurrentText(article.category);
    m_body->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_stages->setPlaceholderText(Vocabulary::stages().join(QStringLiteral(", ")));
    m_customerTypes->setPlaceholderText(Vocabulary::customerTypes().join(QStringLiteral(", ")));
    m_tags->setPlaceholderText(tr("Comma separated"));
    m_error->setObjectName(QStringLiteral("articleError"));
    m_error->setStyleSheet(QStringLiteral("color: #c0392b"));
    m_error->setWordWrap(true);
    m_error->hide();

    auto *fields = new QLabel(tr("Merge fields: %1").arg(QStringLiteral("{") + ScriptRenderer::knownFields().join(QStringLiteral("}  {")) + QStringLiteral("}")), this);
    fields->setWordWrap(true);
    fields->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *form = new QFormLayout;
    form->addRow(tr("&Title:"), m_title);
    form->addRow(tr("&Category:"), m_category);
    form->addRow(tr("T&ags:"), m_tags);
    form->addRow(tr("&Stages:"), m_stages);
    form->addRow(tr("&Industries:"), m_industries);
    form->addRow(tr("Customer t&ypes:"), m_customerTypes);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &ArticleEditorDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ArticleEditorDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Text (Markdown):"), this));
    layout->addWidget(m_body, 1);
    layout->addWidget(fields);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    resize(720, 640);
}

Article ArticleEditorDialog::article() const
{
    Article a = m_article;
    a.title = m_title->text().trimmed();
    a.category = m_category->currentText().trimmed();
    a.tags = m_tags->text();
    a.stages = m_stages->text();
    a.industries = m_industries->text();
    a.customerTypes = m_customerTypes->text();
    a.body = m_body->toPlainText();
    return a;
}

void ArticleEditorDialog::accept()
{
    if (m_save) {
        const Status saved = m_save(article());
        if (!saved) {
            m_error->setText(saved.message());
            m_error->show();
            return;
        }
    }
    QDialog::accept();
}

} // namespace Leadline::Ui
