#pragma once

#include "core/domain/activity.h"
#include "core/domain/result.h"

#include <QDialog>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace Leadline::Ui {

/// Creates or edits one knowledge-base article: its raw Markdown template (merge fields such
/// as {customer.name} stay as typed), category, tags and what kind of customer it suits.
class ArticleEditorDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ArticleEditorDialog)

public:
    /// save is called on OK; an Error keeps the dialog open and shows its message.
    ArticleEditorDialog(const Article &article, std::function<Status(const Article &)> save,
                        QWidget *parent = nullptr);

    /// The article as edited.
    Article article() const;

    void accept() override;

private:
    Article m_article;
    std::function<Status(const Article &)> m_save;
    QLineEdit *m_title;
    QComboBox *m_category;
    QLineEdit *m_tags;
    QLineEdit *m_stages;
    QLineEdit *m_industries;
    QLineEdit *m_customerTypes;
    QPlainTextEdit *m_body;
    QLabel *m_error;
};

} // namespace Leadline::Ui
