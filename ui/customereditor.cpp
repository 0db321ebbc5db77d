#include "customereditor.h"

#include "errorstyle.h"
#include "core/domain/customervalidation.h"
#include "core/domain/fieldcatalogue.h"
#include "core/domain/phonenumber.h"
#include "core/domain/vocabulary.h"
#include "core/customers/customermerger.h"
#include "core/customers/customerrepository.h"
#include "core/customers/duplicatefinder.h"
#include "core/reference/permissions.h"
#include "core/reference/referencerepository.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QShortcut>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace Leadline::Ui {

namespace {

enum ContactColumn { ContactName, ContactTitle, ContactEmail, ContactPhones, ContactColumns };

QStringList splitList(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[,;，；、/]"));
    QStringList parts;
    for (const QString &part : text.split(separators, Qt::SkipEmptyParts)) {
        if (!part.trimmed().isEmpty())
            parts.append(part.trimmed());
    }
    return parts;
}

QString cellText(const QTableWidget *table, int row, int column)
{
    const QTableWidgetItem *item = table->item(row, column);
    return item ? item->text().trimmed() : QString();
}

} // namespace

CustomerEditor::CustomerEditor(const Services &services, QWidget *parent)
    : QDialog(parent)
    , m_services(services)
    , m_name(new QLineEdit(this))
    , m_company(new QLineEdit(this))
    , m_title(new QLineEdit(this))
    , m_email(new QLineEdit(this))
    , m_industry(new QLineEdit(this))
    , m_region(new QLineEdit(this))
    , m_source(new QLineEdit(this))
    , m_customerType(new QComboBox(this))
    , m_stage(new QComboBox(this))
    , m_intent(new QComboBox(this))
    , m_owner(new QComboBox(this))
    , m_amount(new QDoubleSpinBox(this))
    , m_tags(new QLineEdit(this))
    , m_contacts(new QTableWidget(0, ContactColumns, this))
    , m_customFields(new QTableWidget(0, 2, this))
    , m_addContact(new QPushButton(this))
    , m_removeContact(new QPushButton(this))
    , m_addField(new QPushButton(this))
    , m_removeField(new QPushButton(this))
    , m_duplicates(new QListWidget(this))
    , m_merge(new QPushButton(this))
    , m_undoMerge(new QPushButton(this))
    , m_duplicatesLabel(new QLabel(this))
    , m_generalError(new QLabel(this))
    , m_saveButton(new QPushButton(this))
    , m_cancelButton(new QPushButton(this))
    , m_duplicateTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("customerEditor"));
    auto *form = new QFormLayout;
    const QList<QPair<QString, QWidget *>> fields = {
        {QStringLiteral("name"), m_name},         {QStringLiteral("company"), m_company},
        {QStringLiteral("title"), m_title},       {QStringLiteral("email"), m_email},
        {QStringLiteral("industry"), m_industry}, {QStringLiteral("region"), m_region},
        {QStringLiteral("source"), m_source},     {QStringLiteral("customer_type"), m_customerType},
        {QStringLiteral("stage"), m_stage},       {QStringLiteral("intent"), m_intent},
        {QStringLiteral("owner"), m_owner},       {QStringLiteral("amount"), m_amount},
        {QStringLiteral("tags"), m_tags}};
    for (const auto &[field, widget] : fields) {
        widget->setObjectName(field + QStringLiteral("Edit"));
        auto *error = new QLabel(this);
        error->setObjectName(field + QStringLiteral("Error"));
        markError(error);
        error->setWordWrap(true);
        error->hide();
        auto *caption = new QLabel(this);
        caption->setBuddy(widget);
        auto *cell = new QVBoxLayout;
        cell->setSpacing(1);
        cell->addWidget(widget);
        cell->addWidget(error);
        form->addRow(caption, cell);
        m_errorLabels.insert(field, error);
        m_formLabels.insert(field, caption);
    }
    m_amount->setRange(0, 1e12);
    m_amount->setDecimals(2);

    m_contacts->setObjectName(QStringLiteral("contactsTable"));
    m_contacts->horizontalHeader()->setStretchLastSection(true);
    m_contacts->verticalHeader()->hide();
    m_customFields->setObjectName(QStringLiteral("customFieldsTable"));
    m_customFields->horizontalHeader()->setStretchLastSection(true);
    m_customFields->verticalHeader()->hide();
    auto *contactsError = new QLabel(this);
    contactsError->setObjectName(QStringLiteral("contactsError"));
    markError(contactsError);
    contactsError->setWordWrap(true);
    contactsError->hide();
    m_errorLabels.insert(QStringLiteral("contacts"), contactsError);
    m_generalError->setObjectName(QStringLiteral("generalError"));
    markError(m_generalError);
    m_generalError->setWordWrap(true);
    m_generalError->hide();
    m_duplicates->setObjectName(QStringLiteral("duplicateList"));
    m_duplicates->setWordWrap(true);
    m_duplicates->setTextElideMode(Qt::ElideNone);
    m_merge->setObjectName(QStringLiteral("mergeButton"));
    m_undoMerge->setObjectName(QStringLiteral("undoMergeButton"));
    m_saveButton->setObjectName(QStringLiteral("saveButton"));
    m_saveButton->setDefault(true);
    m_undoMerge->hide();

    auto *contactButtons = new QHBoxLayout;
    contactButtons->addWidget(m_addContact);
    contactButtons->addWidget(m_removeContact);
    contactButtons->addStretch(1);
    auto *fieldButtons = new QHBoxLayout;
    fieldButtons->addWidget(m_addField);
    fieldButtons->addWidget(m_removeField);
    fieldButtons->addStretch(1);
    auto *left = new QVBoxLayout;
    left->addLayout(form);
    left->addWidget(m_contacts, 2);
    left->addWidget(contactsError);
    left->addLayout(contactButtons);
    left->addWidget(m_customFields, 1);
    left->addLayout(fieldButtons);
    auto *right = new QVBoxLayout;
    right->addWidget(m_duplicatesLabel);
    right->addWidget(m_duplicates, 1);
    right->addWidget(m_merge);
    right->addWidget(m_undoMerge);
    auto *columns = new QHBoxLayout;
    columns->addLayout(left, 3);
    columns->addLayout(right, 1);
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_saveButton, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_cancelButton, QDialogButtonBox::RejectRole);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(m_generalError);
    layout->addWidget(buttons);

    m_duplicateTimer->setSingleShot(true);
    m_duplicateTimer->setInterval(200);
    retranslateUi();

    connect(m_saveButton, &QPushButton::clicked, this, &CustomerEditor::save);
    connect(m_cancelButton, &QPushButton::clicked, this, &QDialog::reject);
    auto *saveShortcut = new QShortcut(QKeySequence::Save, this);
    connect(saveShortcut, &QShortcut::activated, this, &CustomerEditor::save);
    connect(m_addContact, &QPushButton::clicked, this, [this] {
        addContactRow({});
        m_contacts->setCurrentCell(m_contacts->rowCount() - 1, ContactName);
        m_contacts->editItem(m_contacts->item(m_contacts->rowCount() - 1, ContactName));
    });
    connect(m_removeContact, &QPushButton::clicked, this, [this] {
        if (m_contacts->currentRow() >= 0)
            m_contacts->removeRow(m_contacts->currentRow());
        m_duplicateTimer->start();
    });
    connect(m_addField, &QPushButton::clicked, this, [this] { addCustomFieldRow({}, {}); });
    connect(m_removeField, &QPushButton::clicked, this, [this] {
        if (m_customFields->currentRow() >= 0)
            m_customFields->removeRow(m_customFields->currentRow());
    });
    connect(m_email, &QLineEdit::textChanged, m_duplicateTimer, qOverload<>(&QTimer::start));
    connect(m_contacts, &QTableWidget::itemChanged, m_duplicateTimer, qOverload<>(&QTimer::start));
    connect(m_duplicateTimer, &QTimer::timeout, this, &CustomerEditor::checkDuplicates);
    connect(m_duplicates, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        emit openRequested(item->data(Qt::UserRole).toString());
    });
    connect(m_duplicates, &QListWidget::currentRowChanged, this, [this] {
        m_merge->setEnabled(m_duplicates->currentItem() != nullptr);
    });
    connect(m_merge, &QPushButton::clicked, this, &CustomerEditor::onMerge);
    connect(m_undoMerge, &QPushButton::clicked, this, &CustomerEditor::onUndoMerge);
    setCustomer({});
}

void CustomerEditor::retranslateUi()
{
    setWindowTitle(m_original.id.isEmpty() ? tr("New customer") : tr("Edit %1").arg(m_original.name));
    // Captions come from the field catalogue, so the editor, the conflicts view, import and
    // the rule checker name a field the same way.
    for (auto it = m_formLabels.cbegin(); it != m_formLabels.cend(); ++it) {
        const FieldDefinition *field = FieldCatalogue::field(it.key());
        if (!field)
            continue;
        it.value()->setText(field->mnemonicLabel());
        it.value()->buddy()->setAccessibleName(field->label());
    }
    m_tags->setPlaceholderText(tr("Separate tags with commas"));
    m_contacts->setHorizontalHeaderLabels({tr("Contact"), tr("Title"), tr("E-mail"),
                                           tr("Phones (separate with ;)")});
    m_customFields->setHorizontalHeaderLabels({tr("Custom field"), tr("Value")});
    m_addContact->setText(tr("Add contact"));
    m_removeContact->setText(tr("Remove contact"));
    m_addField->setText(tr("Add field"));
    m_removeField->setText(tr("Remove field"));
    m_duplicatesLabel->setText(tr("Possible duplicates"));
    m_merge->setText(tr("Merge into this customer"));
    m_undoMerge->setText(tr("Undo merge"));
    m_saveButton->setText(tr("Save (Ctrl+S)"));
    m_cancelButton->setText(tr("Cancel (Esc)"));
}

void CustomerEditor::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void CustomerEditor::setCustomer(const Customer &customer)
{
    m_original = customer;
    m_maskPhones = !m_services.permissions->may(Permissions::Action::SeeFullPhones);
    m_name->setText(customer.name);
    m_company->setText(customer.company);
    m_title->setText(customer.title);
    m_email->setText(customer.email);
    m_industry->setText(customer.industry);
    m_region->setText(customer.region);
    m_source->setText(customer.source);
    auto fill = [](QComboBox *box, const QStringList &values, const QString &current,
                   const QString &emptyText) {
        box->clear();
        if (!emptyText.isEmpty())
            box->addItem(emptyText, QString());
        for (const QString &value : values)
            box->addItem(Vocabulary::label(value), value);
        box->setCurrentIndex(std::max(0, box->findData(current)));
    };
    fill(m_customerType, Vocabulary::customerTypes(), customer.customerType, tr("(none)"));
    fill(m_stage, Vocabulary::stages(), customer.stage, {});
    fill(m_intent, Vocabulary::intents(), customer.intent.isEmpty() ? QStringLiteral("无") : customer.intent, {});
    m_owner->clear();
    m_owner->addItem(tr("Lead pool"), QString());
    const auto agents = m_services.reference->agents();
    if (agents) {
        for (const Agent &agent : *agents)
            m_owner->addItem(agent.name, agent.id);
    }
    m_owner->setCurrentIndex(std::max(0, m_owner->findData(customer.ownerId)));
    // The server refuses an owner change by an agent; the editor says so before he tries. An
    // owner list that cannot be read cannot be chosen from either.
    const Status mayChangeOwner = m_services.permissions->check(Permissions::Action::ChangeOwner);
    m_owner->setEnabled(mayChangeOwner.ok() && agents.ok());
    m_owner->setToolTip(!agents ? agents.message() : mayChangeOwner.message());
    m_amount->setValue(customer.amount);
    m_tags->setText(customer.tags.join(QStringLiteral(", ")));
    m_contacts->setRowCount(0);
    for (const Contact &contact : customer.contacts)
        addContactRow(contact);
    if (customer.contacts.isEmpty())
        addContactRow({});
    m_customFields->setRowCount(0);
    for (auto it = customer.customFields.cbegin(); it != customer.customFields.cend(); ++it)
        addCustomFieldRow(it.key(), it.value().toString());
    m_merge->setVisible(!customer.id.isEmpty() && m_services.merger && m_services.permissions->may(Permissions::Action::MergeCustomers));
    m_merge->setEnabled(false);
    showErrors({});
    retranslateUi();
    checkDuplicates();
}

void CustomerEditor::addContactRow(const Contact &contact)
{
    const QSignalBlocker blocker(m_contacts);
    const int row = m_contacts->rowCount();
    m_contacts->insertRow(row);
    QStringList phones;
    for (const ContactPhone &phone : contact.phones)
        phones.append(m_maskPhones ? PhoneNumbers::masked(phone.e164) : PhoneNumbers::display(phone.e164));
    auto *name = new QTableWidgetItem(contact.name);
    name->setData(Qt::UserRole, contact.id);
    m_contacts->setItem(row, ContactName, name);
    m_contacts->setItem(row, ContactTitle, new QTableWidgetItem(contact.title));
    m_contacts->setItem(row, ContactEmail, new QTableWidgetItem(contact.email));
    m_contacts->setItem(row, ContactPhones, new QTableWidgetItem(phones.join(QStringLiteral("; "))));
}

void CustomerEditor::addCustomFieldRow(const QString &key, const QString &value)
{
    const int row = m_customFields->rowCount();
    m_customFields->insertRow(row);
    m_customFields->setItem(row, 0, new QTableWidgetItem(key));
    m_customFields->setItem(row, 1, new QTableWidgetItem(value));
}

Customer CustomerEditor::customer() const
{
    Customer c = m_original;
    c.name = m_name->text().trimmed();
    c.company = m_company->text().trimmed();
    c.title = m_title->text().trimmed();
    c.email = m_email->text().trimmed();
    c.industry = m_industry->text().trimmed();
    c.region = m_region->text().trimmed();
    c.source = m_source->text().trimmed();
    c.customerType = m_customerType->currentData().toString();
    c.stage = m_stage->currentData().toString();
    c.intent = m_intent->currentData().toString();
    c.ownerId = m_owner->currentData().toString();
    c.amount = m_amount->value();
    c.tags = splitList(m_tags->text());
    c.tags.removeDuplicates();
    c.customFields.clear();
    for (int row = 0; row < m_customFields->rowCount(); ++row) {
        const QString key = cellText(m_customFields, row, 0);
        if (!key.isEmpty())
            c.customFields.insert(key, cellText(m_customFields, row, 1));
    }
    c.contacts.clear();
    for (int row = 0; row < m_contacts->rowCount(); ++row) {
        Contact contact;
        contact.id = m_contacts->item(row, ContactName) ? m_contacts->item(row, ContactName)->data(Qt::UserRole).toString() : QString();
        contact.name = cellText(m_contacts, row, ContactName);
        contact.title = cellText(m_contacts, row, ContactTitle);
        contact.email = cellText(m_contacts, row, ContactEmail);
        contact.isPrimary = row == 0;
        const QString phones = cellText(m_contacts, row, ContactPhones);
        if (contact.id.isEmpty() && contact.name.isEmpty() && contact.email.isEmpty() && phones.isEmpty())
            continue; // an untouched empty row
        // A number already stored keeps its id and label; anything else is a new phone.
        const auto stored = std::find_if(m_original.contacts.cbegin(), m_original.contacts.cend(),
                                         [&](const Contact &s) { return !contact.id.isEmpty() && s.id == contact.id; });
        for (const QString &typed : phones.split(QRegularExpression(QStringLiteral("[;；,，/]")), Qt::SkipEmptyParts)) {
            ContactPhone phone{QString(), typed.trimmed(), QString()};
            const auto parsed = PhoneNumbers::parse(phone.e164);
            if (stored != m_original.contacts.cend()) {
                for (const ContactPhone &old : stored->phones) {
                    // A masked number left as shown is the stored one, unchanged.
                    if ((parsed && old.e164 == parsed->e164)
                        || (m_maskPhones && PhoneNumbers::masked(old.e164) == phone.e164)) {
                        phone = old;
                    }
                }
            }
            if (!phone.e164.isEmpty())
                contact.phones.append(phone);
        }
        c.contacts.append(contact);
    }
    return c;
}

void CustomerEditor::showErrors(const QList<Error> &errors)
{
    QHash<QString, QStringList> byField;
    QStringList general;
    for (const Error &error : errors) {
        QString field = error.field.section(QLatin1Char('/'), 0, 0);
        if (field == QLatin1String("owner_id"))
            field = QStringLiteral("owner");
        if (m_errorLabels.contains(field))
            byField[field].append(error.message);
        else
            general.append(error.message);
    }
    for (auto it = m_errorLabels.cbegin(); it != m_errorLabels.cend(); ++it) {
        const QStringList messages = byField.value(it.key());
        it.value()->setText(messages.join(QLatin1Char('\n')));
        it.value()->setVisible(!messages.isEmpty());
    }
    m_generalError->setText(general.join(QLatin1Char('\n')));
    m_generalError->setVisible(!general.isEmpty());
    if (!errors.isEmpty()) {
        const QString first = errors.first().field.section(QLatin1Char('/'), 0, 0);
        if (QLabel *caption = m_formLabels.value(first))
            caption->buddy()->setFocus(Qt::OtherFocusReason);
        else if (first == QLatin1String("contacts"))
            m_contacts->setFocus(Qt::OtherFocusReason);
    }
}

bool CustomerEditor::save()
{
    const Customer edited = customer();
    const QList<Error> errors = validateCustomer(edited);
    if (!errors.isEmpty()) {
        showErrors(errors);
        return false;
    }
    QString id = edited.id;
    if (id.isEmpty()) {
        const auto created = m_services.customers->create(edited);
        if (!created) {
            showErrors({created.error()});
            return false;
        }
        id = created.value();
    } else if (const auto saved = m_services.customers->save(edited); !saved) {
        showErrors({saved.error()});
        return false;
    }
    showErrors({});
    emit customerSaved(id);
    accept();
    return true;
}

void CustomerEditor::checkDuplicates()
{
    const QList<DuplicateMatch> matches = m_services.duplicates->findFor(customer());
    m_duplicates->clear();
    for (const DuplicateMatch &match : matches) {
        const QString reason = match.reason == DuplicateMatch::Reason::Phone
                                   ? tr("same phone %1").arg(m_maskPhones ? PhoneNumbers::masked(match.matched)
                                                                          : PhoneNumbers::display(match.matched))
                                   : tr("same e-mail %1").arg(match.matched);
        const QString who = match.company.isEmpty() ? match.name
                                                    : QStringLiteral("%1 · %2").arg(match.name, match.company);
        auto *item = new QListWidgetItem(who + QLatin1Char('\n') + reason);
        item->setData(Qt::UserRole, match.customerId);
        m_duplicates->addItem(item);
    }
    m_duplicatesLabel->setText(matches.isEmpty() ? tr("No duplicates found")
                                                 : tr("Possible duplicates: %n", nullptr, int(matches.size())));
}

void CustomerEditor::onMerge()
{
    QListWidgetItem *item = m_duplicates->currentItem();
    if (!item || !m_services.merger || m_original.id.isEmpty())
        return;
    const auto merged = m_services.merger->merge(m_original.id, item->data(Qt::UserRole).toString());
    if (!merged) {
        showErrors({merged.error()});
        return;
    }
    m_lastMergeId = merged.value();
    m_undoMerge->show();
    const auto reloaded = m_services.customers->load(m_original.id);
    if (!reloaded) {
        showErrors({reloaded.error()});
        return;
    }
    setCustomer(*reloaded);
    m_undoMerge->show();
}

void CustomerEditor::onUndoMerge()
{
    if (!m_services.merger || m_lastMergeId.isEmpty())
        return;
    if (const auto undone = m_services.merger->undo(m_lastMergeId); !undone) {
        showErrors({undone.error()});
        return;
    }
    m_lastMergeId.clear();
    m_undoMerge->hide();
    const auto reloaded = m_services.customers->load(m_original.id);
    if (!reloaded) {
        showErrors({reloaded.error()});
        return;
    }
    setCustomer(*reloaded);
}

} // namespace Leadline::Ui
