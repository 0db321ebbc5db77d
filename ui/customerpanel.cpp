#include "customerpanel.h"

#include "errorstyle.h"
#include "customereditor.h"
#include "timelinedelegate.h"
#include "timelinemodel.h"
#include "core/domain/phonenumber.h"
#include "core/domain/vocabulary.h"
#include "core/customers/activityrepository.h"
#include "core/customers/customerrepository.h"
#include "core/reference/permissions.h"
#include "core/reference/referencerepository.h"
#include "core/storage/changebus.h"

#include <QComboBox>
#include <QDateTime>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace Leadline::Ui {

CustomerPanel::CustomerPanel(const Services &services, QWidget *parent)
    : QWidget(parent)
    , m_services(services)
    , m_title(new QLabel(this))
    , m_subtitle(new QLabel(this))
    , m_profile(new QWidget(this))
    , m_profileLayout(new QGridLayout(m_profile))
    , m_contacts(new QLabel(this))
    , m_timelineLabel(new QLabel(this))
    , m_kindFilter(new QComboBox(this))
    , m_timelineView(new QListView(this))
    , m_timeline(new TimelineModel(*services.timeline, this))
    , m_note(new QLineEdit(this))
    , m_addNote(new QPushButton(this))
    , m_edit(new QPushButton(this))
{
    m_edit->setObjectName(QStringLiteral("editCustomerButton"));
    m_title->setObjectName(QStringLiteral("customerName"));
    m_profile->setObjectName(QStringLiteral("customerProfile"));
    m_contacts->setObjectName(QStringLiteral("customerContacts"));
    m_timelineView->setObjectName(QStringLiteral("timeline"));
    m_kindFilter->setObjectName(QStringLiteral("timelineFilter"));
    m_note->setObjectName(QStringLiteral("noteEdit"));
    m_addNote->setObjectName(QStringLiteral("addNoteButton"));

    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.5);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_title->setWordWrap(true); // a long company-style name must not widen the panel
    m_subtitle->setWordWrap(true);
    m_profileLayout->setContentsMargins(0, 0, 0, 0);
    m_profileLayout->setHorizontalSpacing(8);
    m_profileLayout->setVerticalSpacing(2);
    m_profileLayout->setColumnStretch(1, 1);
    m_contacts->setWordWrap(true);
    m_contacts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_timelineView->setModel(m_timeline);
    m_timelineView->setWordWrap(true);
    m_timelineView->setAlternatingRowColors(true);
    m_timelineView->setUniformItemSizes(false);
    m_timelineView->setResizeMode(QListView::Adjust); // re-wrap items when the panel resizes
    m_timelineView->setItemDelegate(new TimelineDelegate(m_timelineView));
    m_timelineView->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_timelineView->setEditTriggers(QAbstractItemView::NoEditTriggers);

    auto *timelineHeader = new QHBoxLayout;
    timelineHeader->addWidget(m_timelineLabel);
    timelineHeader->addStretch(1);
    timelineHeader->addWidget(m_kindFilter);
    auto *noteRow = new QHBoxLayout;
    noteRow->addWidget(m_note, 1);
    noteRow->addWidget(m_addNote);

    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title, 1);
    titleRow->addWidget(m_edit);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(titleRow);
    layout->addWidget(m_subtitle);
    layout->addWidget(m_profile);
    layout->addWidget(m_contacts);
    layout->addLayout(timelineHeader);
    layout->addWidget(m_timelineView, 1);
    layout->addLayout(noteRow);

    retranslateUi();
    connect(m_addNote, &QPushButton::clicked, this, &CustomerPanel::onAddNote);
    connect(m_edit, &QPushButton::clicked, this, &CustomerPanel::editCustomer);
    connect(m_services.changes, &ChangeBus::changed, this, [this](const ChangeSet &changes) {
        // Everything the 360 view shows: the profile, its children, the timeline, names and
        // vocabulary it looks up, and the masking policy.
        if (!m_customerId.isEmpty() && changes.touchesCustomer(m_customerId))
            reload();
        else if (changes.touches({"agents", "dispositions", "policies", "tags"}))
            reload();
    });
    connect(m_note, &QLineEdit::returnPressed, this, &CustomerPanel::onAddNote);
    connect(m_kindFilter, &QComboBox::currentIndexChanged, this, &CustomerPanel::onKindFilterChanged);
    connect(m_timeline, &TimelineModel::errorChanged, this, [this](const QString &message) {
        // A timeline that could not be read says so where its title is.
        markError(m_timelineLabel, !message.isEmpty());
        retranslateUi();
    });
    setEnabled(false);
}

void CustomerPanel::retranslateUi()
{
    m_timelineLabel->setText(m_timeline->error().isEmpty() ? tr("Timeline") : m_timeline->error());
    m_note->setPlaceholderText(tr("Add a note and press Enter"));
    m_note->setAccessibleName(tr("New note"));
    m_addNote->setText(tr("Add note"));
    m_edit->setText(tr("Edit…"));
    m_edit->setToolTip(tr("Edit this customer (Ctrl+E)"));
    m_timelineView->setAccessibleName(tr("Customer timeline"));

    const QSignalBlocker blocker(m_kindFilter);
    const int index = std::max(0, m_kindFilter->currentIndex());
    m_kindFilter->clear();
    m_kindFilter->addItem(tr("Everything"), -1);
    m_kindFilter->addItem(tr("Calls"), int(TimelineEvent::Kind::Call));
    m_kindFilter->addItem(tr("Notes"), int(TimelineEvent::Kind::Note));
    m_kindFilter->addItem(tr("Tasks"), int(TimelineEvent::Kind::Todo));
    m_kindFilter->addItem(tr("Stage changes"), int(TimelineEvent::Kind::Stage));
    m_kindFilter->addItem(tr("Owner changes"), int(TimelineEvent::Kind::Owner));
    m_kindFilter->addItem(tr("Merges"), int(TimelineEvent::Kind::Merge));
    m_kindFilter->setCurrentIndex(index);
    m_kindFilter->setAccessibleName(tr("Timeline filter"));
    reload();
}

void CustomerPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void CustomerPanel::showCustomer(const QString &id)
{
    if (id == m_customerId)
        return;
    m_customerId = id;
    m_timeline->setCustomer(id);
    reload();
}

QString CustomerPanel::scoreReasonKind(const QString &kind)
{
    if (kind == QLatin1String("industry"))
        return tr("Industry match");
    if (kind == QLatin1String("region"))
        return tr("Region match");
    if (kind == QLatin1String("title"))
        return tr("Decision maker");
    if (kind == QLatin1String("intent"))
        return tr("Intent");
    if (kind == QLatin1String("stage"))
        return tr("Stage");
    if (kind == QLatin1String("calls"))
        return tr("Calls connected");
    if (kind == QLatin1String("recent"))
        return tr("Recent contact");
    if (kind == QLatin1String("cap"))
        return tr("Capped");
    return {};
}

void CustomerPanel::reload()
{
    const auto customer = m_customerId.isEmpty()
                              ? Result<Customer>(Error::notFound({}))
                              : m_services.customers->load(m_customerId);
    setEnabled(customer.ok());
    if (!customer) {
        // Nothing selected, or the customer is gone: a plain title. Unreadable: the reason.
        const bool unreadable = !customer.error().missing;
        m_title->setText(unreadable ? customer.message() : tr("No customer selected"));
        markError(m_title, unreadable);
        m_subtitle->clear();
        showProfile({});
        m_contacts->clear();
        return;
    }
    const auto owners = m_services.reference->agentNames();
    const QString owner = customer->ownerId.isEmpty() ? tr("Lead pool")
                          : owners                    ? owners->value(customer->ownerId)
                                                      : tr("(unreadable)");
    markError(m_title, false);
    m_title->setText(customer->name);
    m_subtitle->setText(tr("%1 · %2 · Intent %3 · Score %4 · Owner %5")
                            .arg(customer->company, Vocabulary::label(customer->stage),
                                 Vocabulary::label(customer->intent))
                            .arg(customer->score)
                            .arg(owner));

    const QString lastContact = customer->lastContactAt
                                    ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(*customer->lastContactAt),
                                                         QStringLiteral("yyyy-MM-dd HH:mm"))
                                    : tr("Never");
    QList<QPair<QString, QString>> fields = {
        {tr("Title"), customer->title},
        {tr("E-mail"), customer->email},
        {tr("Industry"), customer->industry},
        {tr("Region"), customer->region},
        {tr("Source"), Vocabulary::label(customer->source)},
        {tr("Customer type"), Vocabulary::label(customer->customerType)},
        {tr("Tags"), [&customer] {
             QStringList tags;
             for (const QString &tag : customer->tags)
                 tags.append(Vocabulary::label(tag));
             return tags.join(QLocale().language() == QLocale::Chinese ? QStringLiteral("、")
                                                                       : QStringLiteral(", "));
         }()},
        {tr("Last contact"), lastContact},
    };
    const QJsonArray reasons = QJsonDocument::fromJson(customer->scoreReasons.toUtf8()).array();
    QStringList reasonTexts;
    for (const auto &reason : reasons) {
        const QJsonObject object = reason.toObject();
        // Told from its kind and detail in the UI language; the stored sentence only when the
        // kind is unknown.
        const QString kind = scoreReasonKind(object.value(QStringLiteral("kind")).toString());
        const QString detail = object.value(QStringLiteral("detail")).toString();
        const QString text = kind.isEmpty() ? object.value(QStringLiteral("reason")).toString()
                             : detail.isEmpty() ? kind
                                                : tr("%1: %2").arg(kind, Vocabulary::label(detail));
        reasonTexts.append(QStringLiteral("%1%2 %3")
                               .arg(object.value(QStringLiteral("points")).toInt() >= 0 ? QStringLiteral("+") : QString())
                               .arg(object.value(QStringLiteral("points")).toInt())
                               .arg(text));
    }
    if (!reasonTexts.isEmpty())
        fields.append({tr("Score reasons"), reasonTexts.join(QStringLiteral("; "))});
    for (auto it = customer->customFields.cbegin(); it != customer->customFields.cend(); ++it)
        fields.append({it.key(), it.value().toString()});
    showProfile(fields);

    const bool maskPhones = !m_services.permissions->may(Permissions::Action::SeeFullPhones);
    QStringList contactLines;
    for (const Contact &contact : customer->contacts) {
        QStringList phones;
        for (const ContactPhone &phone : contact.phones)
            phones.append(maskPhones ? PhoneNumbers::masked(phone.e164) : PhoneNumbers::display(phone.e164));
        contactLines.append(QStringLiteral("<b>%1</b> %2 %3 %4")
                                .arg(contact.name.toHtmlEscaped(), contact.title.toHtmlEscaped(),
                                     phones.join(QStringLiteral(" / ")).toHtmlEscaped(),
                                     contact.email.toHtmlEscaped()));
    }
    m_contacts->setText(tr("Contacts") + QStringLiteral(":<br>") + contactLines.join(QStringLiteral("<br>")));
    m_timeline->refresh();
}

void CustomerPanel::showProfile(const QList<QPair<QString, QString>> &fields)
{
    // Rebuilt on each load: custom fields differ from customer to customer.
    while (QLayoutItem *item = m_profileLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    QPalette namePalette = m_profile->palette();
    namePalette.setColor(QPalette::WindowText, namePalette.color(QPalette::Disabled, QPalette::WindowText));
    int row = 0;
    for (const auto &[name, value] : fields) {
        // Names never wrap (word wrap would break a Chinese name after any character); the value
        // column takes the rest of the width and wraps.
        auto *nameLabel = new QLabel(name, m_profile);
        nameLabel->setObjectName(QStringLiteral("profileFieldName"));
        nameLabel->setTextFormat(Qt::PlainText);
        nameLabel->setPalette(namePalette);
        nameLabel->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Preferred);
        nameLabel->setAlignment(Qt::AlignLeft | Qt::AlignTop);
        auto *valueLabel = new QLabel(value, m_profile);
        valueLabel->setObjectName(QStringLiteral("profileFieldValue"));
        valueLabel->setTextFormat(Qt::PlainText);
        valueLabel->setWordWrap(true);
        valueLabel->setAlignment(Qt::AlignLeft | Qt::AlignTop);
        valueLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_profileLayout->addWidget(nameLabel, row, 0);
        m_profileLayout->addWidget(valueLabel, row, 1);
        ++row;
    }
}

void CustomerPanel::focusNote()
{
    m_note->setFocus(Qt::ShortcutFocusReason);
}

void CustomerPanel::onAddNote()
{
    if (m_customerId.isEmpty() || m_note->text().trimmed().isEmpty())
        return;
    Note note;
    note.customerId = m_customerId;
    note.body = m_note->text();
    const auto added = m_services.activities->addNote(note);
    if (!added) {
        QMessageBox::warning(this, tr("Note not saved"), added.message());
        return;
    }
    m_note->clear();
}

void CustomerPanel::onKindFilterChanged()
{
    const int kind = m_kindFilter->currentData().toInt();
    if (kind < 0)
        m_timeline->setKinds({});
    else
        m_timeline->setKinds({TimelineEvent::Kind(kind)});
}

void CustomerPanel::editCustomer()
{
    if (m_customerId.isEmpty())
        return;
    const auto customer = m_services.customers->load(m_customerId);
    if (!customer) {
        QMessageBox::warning(this, tr("Edit customer"), customer.message());
        return;
    }
    openEditor(*customer);
}

void CustomerPanel::newCustomer()
{
    openEditor({});
}

void CustomerPanel::openEditor(const Customer &customer)
{
    auto *editor = new CustomerEditor(m_services, this);
    editor->setAttribute(Qt::WA_DeleteOnClose);
    editor->setCustomer(customer);
    connect(editor, &CustomerEditor::customerSaved, this, [this](const QString &id) {
        emit openRequested(id);
        if (id == m_customerId)
            reload();
    });
    connect(editor, &CustomerEditor::openRequested, this, [this, editor](const QString &id) {
        editor->reject();
        emit openRequested(id);
    });
    editor->resize(900, 640);
    editor->open();
}

} // namespace Leadline::Ui
