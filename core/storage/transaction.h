#pragma once

#include "core/domain/result.h"

namespace Leadline {

class LocalStore;

/// RAII write transaction: BEGIN IMMEDIATE at the outermost level, a SAVEPOINT when nested.
/// Rolls back in the destructor unless commit() succeeded.
class Transaction final
{
public:
    explicit Transaction(LocalStore &store);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    /// False when the transaction could not begin (the reason is in error()).
    bool isActive() const { return m_active; }
    const Error &error() const { return m_error; }

    Status commit();
    void rollback();

private:
    LocalStore &m_store;
    int m_level = 0;
    bool m_active = false;
    Error m_error;
};

} // namespace Leadline
