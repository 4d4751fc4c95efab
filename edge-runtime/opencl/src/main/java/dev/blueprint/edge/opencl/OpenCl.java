package dev.blueprint.edge.opencl;

import static org.lwjgl.opencl.CL10.CL_DEVICE_NAME;
import static org.lwjgl.opencl.CL10.CL_DEVICE_TYPE_ALL;
import static org.lwjgl.opencl.CL10.CL_PLATFORM_NAME;
import static org.lwjgl.opencl.CL10.CL_PROGRAM_BUILD_LOG;
import static org.lwjgl.opencl.CL10.CL_SUCCESS;
import static org.lwjgl.opencl.CL10.clBuildProgram;
import static org.lwjgl.opencl.CL10.clCreateCommandQueue;
import static org.lwjgl.opencl.CL10.clCreateContext;
import static org.lwjgl.opencl.CL10.clCreateProgramWithSource;
import static org.lwjgl.opencl.CL10.clGetDeviceIDs;
import static org.lwjgl.opencl.CL10.clGetDeviceInfo;
import static org.lwjgl.opencl.CL10.clGetPlatformIDs;
import static org.lwjgl.opencl.CL10.clGetPlatformInfo;
import static org.lwjgl.opencl.CL10.clGetProgramBuildInfo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import org.lwjgl.PointerBuffer;
import org.lwjgl.opencl.CL;
import org.lwjgl.opencl.CL10;
import org.lwjgl.system.Configuration;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;

/**
 * The process's one OpenCL device, context, queue and compiled program, opened on first use.
 * Opening can fail for reasons outside our control — no loader library, no ICD, no device — and
 * then {@link #get()} says which, so the back end reports itself unavailable instead of failing.
 */
final class OpenCl {
  final long device;
  final long context;
  final long queue;
  final long program;
  final String description;

  private static OpenCl instance;
  private static String failure;

  private OpenCl(long device, long context, long queue, long program, String description) {
    this.device = device;
    this.context = context;
    this.queue = queue;
    this.program = program;
    this.description = description;
  }

  /** The opened device, or an exception whose message says why there is none. */
  static synchronized OpenCl get() {
    if (instance != null) {
      return instance;
    }
    if (failure != null) {
      throw new IllegalStateException(failure);
    }
    try {
      instance = open();
      return instance;
    } catch (RuntimeException | LinkageError e) {
      failure = e.getMessage() == null ? e.toString() : e.getMessage();
      throw new IllegalStateException(failure, e);
    }
  }

  private static OpenCl open() {
    if (System.getProperty("os.name", "").toLowerCase().contains("linux")
        && System.getProperty("org.lwjgl.opencl.libname") == null) {
      // Debian's loader package ships only the versioned name; the unversioned link is in -dev.
      Configuration.OPENCL_LIBRARY_NAME.set("libOpenCL.so.1");
    }
    try {
      // The class loads the library when first touched.
      if (CL.getFunctionProvider() == null) {
        CL.create();
      }
    } catch (RuntimeException | LinkageError e) {
      throw new IllegalStateException(
          "no OpenCL loader library (install ocl-icd-libopencl1 and an ICD such as pocl-opencl-icd): "
              + e.getMessage(),
          e);
    }
    try (MemoryStack stack = MemoryStack.stackPush()) {
      IntBuffer count = stack.mallocInt(1);
      int err = clGetPlatformIDs(null, count);
      if (err != CL_SUCCESS || count.get(0) == 0) {
        throw new IllegalStateException(
            "no OpenCL platform (error " + err + "); is an ICD such as pocl-opencl-icd installed?");
      }
      PointerBuffer platforms = stack.mallocPointer(count.get(0));
      check(clGetPlatformIDs(platforms, (IntBuffer) null), "clGetPlatformIDs");
      String wanted = System.getProperty("blueprint.opencl.platform", "");
      for (int p = 0; p < platforms.capacity(); p++) {
        long platform = platforms.get(p);
        String platformName = platformInfo(platform, CL_PLATFORM_NAME);
        if (!wanted.isEmpty() && !platformName.toLowerCase().contains(wanted.toLowerCase())) {
          continue;
        }
        IntBuffer devCount = stack.mallocInt(1);
        if (clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, null, devCount) != CL_SUCCESS
            || devCount.get(0) == 0) {
          continue;
        }
        PointerBuffer devices = stack.mallocPointer(devCount.get(0));
        check(
            clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, devices, (IntBuffer) null),
            "clGetDeviceIDs");
        long device = devices.get(0);
        IntBuffer errcode = stack.mallocInt(1);
        PointerBuffer props = stack.mallocPointer(3);
        props.put(CL10.CL_CONTEXT_PLATFORM).put(platform).put(0).flip();
        long context = clCreateContext(props, device, null, MemoryUtil.NULL, errcode);
        check(errcode.get(0), "clCreateContext");
        long queue = clCreateCommandQueue(context, device, 0, errcode);
        check(errcode.get(0), "clCreateCommandQueue");
        long program = clCreateProgramWithSource(context, source(), errcode);
        check(errcode.get(0), "clCreateProgramWithSource");
        int built = clBuildProgram(program, device, "", null, MemoryUtil.NULL);
        if (built != CL_SUCCESS) {
          throw new IllegalStateException(
              "the int8 kernels do not build on "
                  + platformName
                  + ": "
                  + programInfo(program, device));
        }
        return new OpenCl(
            device,
            context,
            queue,
            program,
            platformName + " / " + deviceInfo(device, CL_DEVICE_NAME));
      }
      throw new IllegalStateException(
          "no OpenCL device"
              + (wanted.isEmpty() ? "" : " on a platform matching '" + wanted + "'"));
    }
  }

  static void check(int err, String call) {
    if (err != CL_SUCCESS) {
      throw new IllegalStateException(call + " failed with OpenCL error " + err);
    }
  }

  private static String source() {
    try (InputStream in = OpenCl.class.getResourceAsStream("int8.cl")) {
      if (in == null) {
        throw new IllegalStateException("int8.cl is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read int8.cl: " + e.getMessage(), e);
    }
  }

  private static String platformInfo(long platform, int param) {
    try (MemoryStack stack = MemoryStack.stackPush()) {
      PointerBuffer size = stack.mallocPointer(1);
      clGetPlatformInfo(platform, param, (ByteBuffer) null, size);
      ByteBuffer value = stack.malloc((int) size.get(0));
      clGetPlatformInfo(platform, param, value, null);
      return MemoryUtil.memUTF8(value, (int) size.get(0) - 1);
    }
  }

  private static String deviceInfo(long device, int param) {
    try (MemoryStack stack = MemoryStack.stackPush()) {
      PointerBuffer size = stack.mallocPointer(1);
      clGetDeviceInfo(device, param, (ByteBuffer) null, size);
      ByteBuffer value = stack.malloc((int) size.get(0));
      clGetDeviceInfo(device, param, value, null);
      return MemoryUtil.memUTF8(value, (int) size.get(0) - 1);
    }
  }

  private static String programInfo(long program, long device) {
    try (MemoryStack stack = MemoryStack.stackPush()) {
      PointerBuffer size = stack.mallocPointer(1);
      clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, (ByteBuffer) null, size);
      ByteBuffer value = MemoryUtil.memAlloc((int) size.get(0));
      try {
        clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, value, null);
        return MemoryUtil.memUTF8(value, Math.max(0, (int) size.get(0) - 1));
      } finally {
        MemoryUtil.memFree(value);
      }
    }
  }
}
