package dev.vantage.common.wire;

import dev.vantage.common.model.FailureReason;
import dev.vantage.common.model.ResultKind;

/**
 * Maps the enums that both sides of the agent link and the admin API share to and from
 * their vantage.v1 wire form. Messages themselves are mapped at the edges that own them.
 */
public final class WireEnums {
    private WireEnums() {
    }

    public static dev.vantage.proto.v1.FailureReason toWire(FailureReason reason) {
        return switch (reason) {
            case NONE -> dev.vantage.proto.v1.FailureReason.FAILURE_REASON_NONE;
            case REFUSED -> dev.vantage.proto.v1.FailureReason.FAILURE_REASON_REFUSED;
            case TIMED_OUT -> dev.vantage.proto.v1.FailureReason.FAILURE_REASON_TIMED_OUT;
            case UNREACHABLE -> dev.vantage.proto.v1.FailureReason.FAILURE_REASON_UNREACHABLE;
            case NAME_NOT_RESOLVED -> dev.vantage.proto.v1.FailureReason.FAILURE_REASON_NAME_NOT_RESOLVED;
            case NO_AGENT -> dev.vantage.proto.v1.FailureReason.FAILURE_REASON_NO_AGENT;
            case LOCATION_UNHEALTHY -> dev.vantage.proto.v1.FailureReason.FAILURE_REASON_LOCATION_UNHEALTHY;
            case ADDRESS_NOT_ALLOWED -> dev.vantage.proto.v1.FailureReason.FAILURE_REASON_ADDRESS_NOT_ALLOWED;
            case OTHER -> dev.vantage.proto.v1.FailureReason.FAILURE_REASON_OTHER;
        };
    }

    public static FailureReason fromWire(dev.vantage.proto.v1.FailureReason reason) {
        return switch (reason) {
            case FAILURE_REASON_NONE -> FailureReason.NONE;
            case FAILURE_REASON_REFUSED -> FailureReason.REFUSED;
            case FAILURE_REASON_TIMED_OUT -> FailureReason.TIMED_OUT;
            case FAILURE_REASON_UNREACHABLE -> FailureReason.UNREACHABLE;
            case FAILURE_REASON_NAME_NOT_RESOLVED -> FailureReason.NAME_NOT_RESOLVED;
            case FAILURE_REASON_NO_AGENT -> FailureReason.NO_AGENT;
            case FAILURE_REASON_LOCATION_UNHEALTHY -> FailureReason.LOCATION_UNHEALTHY;
            case FAILURE_REASON_ADDRESS_NOT_ALLOWED -> FailureReason.ADDRESS_NOT_ALLOWED;
            default -> FailureReason.OTHER;
        };
    }

    public static dev.vantage.proto.v1.ResultKind toWire(ResultKind kind) {
        return switch (kind) {
            case SCHEDULED -> dev.vantage.proto.v1.ResultKind.RESULT_KIND_SCHEDULED;
            case ON_DEMAND -> dev.vantage.proto.v1.ResultKind.RESULT_KIND_ON_DEMAND;
            case RETRY -> dev.vantage.proto.v1.ResultKind.RESULT_KIND_RETRY;
            case VERIFY -> dev.vantage.proto.v1.ResultKind.RESULT_KIND_VERIFY;
            case LATE -> dev.vantage.proto.v1.ResultKind.RESULT_KIND_LATE;
        };
    }

    public static ResultKind fromWire(dev.vantage.proto.v1.ResultKind kind) {
        return switch (kind) {
            case RESULT_KIND_ON_DEMAND -> ResultKind.ON_DEMAND;
            case RESULT_KIND_RETRY -> ResultKind.RETRY;
            case RESULT_KIND_VERIFY -> ResultKind.VERIFY;
            case RESULT_KIND_LATE -> ResultKind.LATE;
            default -> ResultKind.SCHEDULED;
        };
    }
}
