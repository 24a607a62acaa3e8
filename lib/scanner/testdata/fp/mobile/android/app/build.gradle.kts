plugins {
    alias(libs.plugins.android.application)
    alias(libs.plugins.kotlin.android)
    alias(libs.plugins.google.services)
}

fun secret(name: String): String =
    (findProperty(name) as String?) ?: System.getenv(name) ?: ""

android {
    namespace = "com.fernhilloutdoor.shop"
    compileSdk = 35

    defaultConfig {
        applicationId = "com.fernhilloutdoor.shop"
        minSdk = 26
        targetSdk = 35
        versionCode = 41200
        versionName = "4.12.0"

        manifestPlaceholders["MAPS_API_KEY"] = secret("MAPS_API_KEY")
        resValue("string", "google_app_id", "1:815905379738:android:25b4ebc8ac113fb1")
        buildConfigField("String", "API_BASE_URL", "\"https://api.fernhill-outdoor.com/v2\"")
        buildConfigField("String", "CERT_PIN_SHA256", "\"sha256/QJBWxrShJMvuj8sz0ee3w5uaZzOEuIB5sK8RHkxRTf8=\"")
    }

    signingConfigs {
        create("release") {
            storeFile = file(secret("RELEASE_STORE_FILE").ifEmpty { "../keystore/fernhill-upload.jks" })
            storePassword = secret("RELEASE_STORE_PASSWORD")
            keyAlias = secret("RELEASE_KEY_ALIAS")
            keyPassword = secret("RELEASE_KEY_PASSWORD")
        }
    }

    buildTypes {
        release {
            isMinifyEnabled = true
            signingConfig = signingConfigs.getByName("release")
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"), "proguard-rules.pro")
        }
        debug {
            applicationIdSuffix = ".debug"
            versionNameSuffix = "-debug"
        }
    }
}

dependencies {
    implementation(platform(libs.androidx.compose.bom))
    implementation(libs.androidx.core.ktx)
    implementation(libs.play.services.maps)
}
