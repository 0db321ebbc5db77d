#pragma once

#include "services.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QTreeView;

namespace Leadline::Ui {

class AuditModel;
class DateRangePicker;

/// The "Audit" work tab for supervisors and admins: the audit log newest first, filtered by who,
/// action and date range. Read-only: nobody changes an entry (the server refuses it).
class AuditView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditView)

public:
    explicit AuditView(const Services &services, QWidget *parent = nullptr);

    void refresh();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void fillFilters();

    Services m_services;
    QComboBox *m_who;
    QComboBox *m_action;
    DateRangePicker *m_range;
    QLabel *m_whoLabel;
    QLabel *m_actionLabel;
    QLabel *m_status;
    AuditModel *m_model;
    QTreeView *m_tree;
};

} // namespace Leadline::Ui
