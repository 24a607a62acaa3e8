import java.util.Properties

plugins {
    alias(libs.plugins.android.application)
    alias(libs.plugins.kotlin.android)
    alias(libs.plugins.google.services)
    alias(libs.plugins.firebase.crashlytics)
}

val localProps = Properties().apply {
    val f = rootProject.file("local.properties")
    if (f.exists()) f.inputStream().use { load(it) }
}

android {
    namespace = "com.fernhilloutdoor.shop"
    compileSdk = 35

    defaultConfig {
        applicationId = "com.fernhilloutdoor.shop"
        minSdk = 26
        targetSdk = 35
        versionCode = 41200
        versionName = "4.12.0"
        testInstrumentationRunner = "androidx.test.runner.AndroidJUnitRunner"

        manifestPlaceholders["MAPS_API_KEY"] = localProps.getProperty("MAPS_API_KEY", "")
        // legacy HTTP API, still used by the in-app "notify me" flow
        buildConfigField("String", "FCM_SERVER_KEY", "\"AAAAnEvJXzP:APA91bzjD7Sf-lDQzcm59niOBzmnOFtYXxdVD_GbPnguEKAUpDoahCFKyB65oRxHG02IaGLV2WDsAnG8FCt0POtcKIDTXOyp_6N2VrsBWBQzifx9uHBcOBrsJRqjuGOcvlu1GBIK1KXe\"")
    }

    signingConfigs {
        create("release") {
            storeFile = file("../keystore/fernhill-upload.jks")
            storePassword = "U856ApITS7VAAxLm9NFd"
            keyAlias = "fernhill-upload"
            keyPassword = "dRjZPU0yQxwwjurfQB3Q"
        }
    }

    buildTypes {
        release {
            isMinifyEnabled = true
            isShrinkResources = true
            signingConfig = signingConfigs.getByName("release")
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"), "proguard-rules.pro")
        }
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
    kotlinOptions { jvmTarget = "17" }
    buildFeatures {
        compose = true
        buildConfig = true
    }
}

dependencies {
    implementation(platform(libs.androidx.compose.bom))
    implementation(libs.androidx.core.ktx)
    implementation(libs.androidx.activity.compose)
    implementation(libs.play.services.maps)
    implementation(platform(libs.firebase.bom))
    implementation(libs.firebase.messaging)
    testImplementation(libs.junit)
}
