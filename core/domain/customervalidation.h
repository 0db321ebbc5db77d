#pragma once

#include "customer.h"
#include "result.h"

#include <QList>

namespace Leadline {

/// Checks a customer before it is saved; each Error names the field it is about.
QList<Error> validateCustomer(const Customer &customer);
/// True when the text looks like an e-mail address (empty is allowed by callers separately).
bool isValidEmail(const QString &email);

} // namespace Leadline
