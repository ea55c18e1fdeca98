// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace o2c {

enum class ClusterKind : quint8 { Duplicate, Suspect, Amendment };
QString clusterKindKey(ClusterKind k); // "duplicate", "suspect", "amendment"

// One piece of evidence for or against two orders being the same demand.
struct Evidence {
    QString signal;    // "customer", "reference", "lines", "time", "total", "ship_to", "channel",
                       // "edi", "payload"
    QString detail;    // plain words: "same PO after normalization (PO-4711 / po 4711)"
    double weight = 0; // log-likelihood-ratio contribution; negative speaks against

    friend bool operator==(const Evidence &, const Evidence &) = default;
};

// Orders that carry the same customer demand, with a stable id (adding a member keeps it).
struct DuplicateCluster {
    QString id; // "C-000017"
    ClusterKind kind = ClusterKind::Duplicate;
    double score = 0;         // the strongest pair's score
    QStringList members;      // canonical order ids, oldest first
    QList<Evidence> evidence; // of the strongest pair
    QString summary;          // evidence joined in plain words

    friend bool operator==(const DuplicateCluster &, const DuplicateCluster &) = default;
};

// What an add, update or removal changed.
struct ClusterDelta {
    QList<DuplicateCluster> changed; // created or changed clusters, in their new form
    QStringList removed;             // ids of clusters that no longer exist
    QStringList
        expired; // ids of clusters forgotten because all their orders left the retention window
    bool isEmpty() const { return changed.isEmpty() && removed.isEmpty() && expired.isEmpty(); }
};

// How two orders compare, with every signal's contribution (for side-by-side comparison).
struct PairAssessment {
    double score = 0;                        // prior plus the weights of the evidence
    bool flagged = false;                    // at or above the suspect threshold
    ClusterKind kind = ClusterKind::Suspect; // meaningful when flagged
    bool markedDistinct = false;
    QList<Evidence> evidence;
    QString summary;
};

} // namespace o2c
