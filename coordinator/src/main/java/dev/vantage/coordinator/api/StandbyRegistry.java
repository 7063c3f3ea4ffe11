package dev.vantage.coordinator.api;

import io.grpc.HandlerRegistry;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import java.io.InputStream;

/** Answers every method of a standby coordinator's port with UNAVAILABLE and the reason. */
final class StandbyRegistry extends HandlerRegistry {
    static final String MESSAGE = "standby: another coordinator is active on this store; this one takes over when it stops"
            + " (agents: give every coordinator's address to --coordinator; admin CLI: use the active one)";

    private static final MethodDescriptor.Marshaller<InputStream> RAW = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(InputStream value) {
            return value;
        }

        @Override
        public InputStream parse(InputStream stream) {
            return stream;
        }
    };

    private static final ServerCallHandler<InputStream, InputStream> REFUSE = new ServerCallHandler<>() {
        @Override
        public ServerCall.Listener<InputStream> startCall(ServerCall<InputStream, InputStream> call, Metadata headers) {
            call.close(Status.UNAVAILABLE.withDescription(MESSAGE), new Metadata());
            return new ServerCall.Listener<>() { };
        }
    };

    @Override
    public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
        MethodDescriptor<InputStream, InputStream> method = MethodDescriptor.<InputStream, InputStream>newBuilder()
                .setType(MethodDescriptor.MethodType.UNKNOWN)
                .setFullMethodName(methodName)
                .setRequestMarshaller(RAW)
                .setResponseMarshaller(RAW)
                .build();
        return ServerMethodDefinition.create(method, REFUSE);
    }
}
