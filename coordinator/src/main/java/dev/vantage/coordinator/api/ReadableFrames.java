package dev.vantage.coordinator.api;

import dev.vantage.proto.v1.AgentMessage;
import dev.vantage.proto.v1.AgentServiceGrpc;
import dev.vantage.proto.v1.CoordinatorMessage;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import java.io.InputStream;

/**
 * The agent service with a request reader that does not throw. gRPC fails an unparseable frame
 * by throwing from its executor, which ends the call but logs a SEVERE stack trace that names no
 * agent; here the frame becomes {@link #UNREADABLE} and {@link AgentServiceImpl} disconnects the
 * agent with one warn line like any other protocol violation.
 */
final class ReadableFrames implements MethodDescriptor.Marshaller<AgentMessage> {
    /** Stands for a frame that was not an AgentMessage; compared by identity. */
    static final AgentMessage UNREADABLE = AgentMessage.newBuilder().build();
    private final MethodDescriptor.Marshaller<AgentMessage> proto = ProtoUtils.marshaller(AgentMessage.getDefaultInstance());

    private ReadableFrames() {
    }

    /** {@code agents} bound with this reader for its one method. */
    @SuppressWarnings("unchecked")
    static ServerServiceDefinition bind(AgentServiceImpl agents) {
        ServerServiceDefinition def = agents.bindService();
        ServerMethodDefinition<AgentMessage, CoordinatorMessage> connect = (ServerMethodDefinition<AgentMessage, CoordinatorMessage>)
                def.getMethod(AgentServiceGrpc.getConnectMethod().getFullMethodName());
        MethodDescriptor<AgentMessage, CoordinatorMessage> method = connect.getMethodDescriptor().toBuilder()
                .setRequestMarshaller(new ReadableFrames()).build();
        return ServerServiceDefinition.builder(def.getServiceDescriptor().getName())
                .addMethod(method, connect.getServerCallHandler())
                .build();
    }

    @Override
    public InputStream stream(AgentMessage value) {
        return proto.stream(value);
    }

    @Override
    public AgentMessage parse(InputStream stream) {
        try {
            return proto.parse(stream);
        } catch (StatusRuntimeException e) {
            return UNREADABLE;
        }
    }
}
