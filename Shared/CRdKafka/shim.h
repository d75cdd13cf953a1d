#ifndef CREDENCE_CRDKAFKA_SHIM_H
#define CREDENCE_CRDKAFKA_SHIM_H
// The public librdkafka headers that Shared/Kafka wraps: the client and the mock cluster.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#endif
